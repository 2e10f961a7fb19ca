package io.tributary.kit.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Spring Security for the APIs of services that have it on their class path. Callers
 * authenticate with an API key ({@code X-API-Key}) or a JWT bearer token, each giving the
 * READ or ADMIN role. Admin endpoints need ADMIN; read endpoints READ or ADMIN unless
 * {@code open-reads} (the local profile), except the {@code private-reads} which always
 * need credentials; anything else that changes state needs ADMIN. Probes and the
 * Prometheus scrape stay open. Stateless: no sessions, no cookies, so no CSRF.
 *
 * <p>
 * Runs before Boot's own security auto-configuration, which then backs off.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnClass(name = { "org.springframework.security.web.SecurityFilterChain",
		"org.springframework.security.oauth2.jwt.JwtDecoder" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class ApiSecurityAutoConfiguration {

	private static final String[] OPEN = { "/actuator/health", "/actuator/health/**", "/livez", "/readyz",
			"/actuator/prometheus", "/actuator/info", "/error" };

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiSecurityProperties properties, Environment environment)
			throws Exception {
		JwtDecoder decoder = BearerTokenVerification.decoder(properties.jwt(), environment).orElse(null);
		AuthenticationEntryPoint unauthorized = (request, response, ex) -> problem(response, 401, "Unauthorized",
				(decoder != null) ? "A valid " + ApiKeyFilter.HEADER + " header or bearer token is required"
						: "A valid " + ApiKeyFilter.HEADER + " header is required");
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.addFilterBefore(new ApiKeyFilter(properties), AnonymousAuthenticationFilter.class)
			.exceptionHandling((errors) -> errors.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler((request, response, ex) -> problem(response, 403, "Forbidden",
						"These credentials may not do that")))
			.authorizeHttpRequests((requests) -> {
				requests.requestMatchers(OPEN).permitAll();
				requests.requestMatchers("/api/v1/admin/**").hasRole("ADMIN");
				if (!properties.privateReads().isEmpty()) {
					requests.requestMatchers(HttpMethod.GET, properties.privateReads().toArray(String[]::new))
						.hasAnyRole("READ", "ADMIN");
				}
				if (properties.openReads()) {
					requests.requestMatchers(HttpMethod.GET, "/api/v1/**").permitAll();
				}
				requests.requestMatchers(HttpMethod.GET, "/api/v1/**").hasAnyRole("READ", "ADMIN");
				requests.anyRequest().hasRole("ADMIN");
			});
		if (decoder != null) {
			http.oauth2ResourceServer((server) -> server.authenticationEntryPoint(unauthorized)
				.jwt((jwt) -> jwt.decoder(decoder).jwtAuthenticationConverter(roles(properties.jwt()))));
		}
		return http.build();
	}

	/**
	 * No users: API keys and tokens are the only credentials (this also stops Boot
	 * generating a password).
	 */
	@Bean
	UserDetailsService noUsers() {
		return new InMemoryUserDetailsManager();
	}

	private static JwtAuthenticationConverter roles(ApiSecurityProperties.Jwt jwt) {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(jwt.rolesClaim());
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

	private static void problem(HttpServletResponse response, int status, String title, String detail)
			throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
					+ detail + "\"}");
	}

}
