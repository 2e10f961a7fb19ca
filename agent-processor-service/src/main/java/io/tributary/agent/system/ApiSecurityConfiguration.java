package io.tributary.agent.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Spring Security for the APIs: API keys (see {@link ApiSecurityProperties}); admin
 * endpoints need the ADMIN role; read endpoints a READ or ADMIN key unless
 * {@code open-reads} (the local profile); probes and the Prometheus scrape stay open.
 * Stateless: no sessions, no cookies, so no CSRF.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiSecurityProperties properties) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.addFilterBefore(new ApiKeyFilter(properties), AnonymousAuthenticationFilter.class)
			.exceptionHandling((errors) -> errors
				.authenticationEntryPoint((request, response, ex) -> problem(response, 401, "Unauthorized",
						"A valid " + ApiKeyFilter.HEADER + " header is required"))
				.accessDeniedHandler(
						(request, response, ex) -> problem(response, 403, "Forbidden", "This API key may not do that")))
			.authorizeHttpRequests((requests) -> {
				requests
					.requestMatchers("/actuator/health", "/actuator/health/**", "/livez", "/readyz",
							"/actuator/prometheus", "/actuator/info", "/error")
					.permitAll();
				requests.requestMatchers("/api/v1/admin/**").hasRole("ADMIN");
				if (properties.openReads()) {
					requests.requestMatchers(HttpMethod.GET, "/api/v1/**").permitAll();
				}
				requests.requestMatchers(HttpMethod.GET, "/api/v1/**").hasAnyRole("READ", "ADMIN");
				requests.anyRequest().hasRole("ADMIN");
			});
		return http.build();
	}

	/**
	 * No users: API keys are the only credentials (this also stops Boot generating a
	 * password).
	 */
	@Bean
	UserDetailsService noUsers() {
		return new InMemoryUserDetailsManager();
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
