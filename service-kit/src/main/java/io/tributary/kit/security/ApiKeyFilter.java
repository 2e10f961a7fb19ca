package io.tributary.kit.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry a configured {@code X-API-Key}, comparing in constant
 * time. Requests without a key stay anonymous; Spring Security's rules then decide.
 */
class ApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	private final List<ApiSecurityProperties.ApiKey> keys;

	ApiKeyFilter(ApiSecurityProperties properties) {
		this.keys = properties.keys();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String given = request.getHeader(HEADER);
		if (given != null) {
			byte[] givenBytes = given.getBytes(StandardCharsets.UTF_8);
			for (ApiSecurityProperties.ApiKey key : this.keys) {
				if (key.key() != null && !key.key().isEmpty()
						&& MessageDigest.isEqual(key.key().getBytes(StandardCharsets.UTF_8), givenBytes)) {
					SecurityContextHolder.getContext()
						.setAuthentication(new PreAuthenticatedAuthenticationToken("api-key:" + key.role(), null,
								List.of(new SimpleGrantedAuthority("ROLE_" + key.role()))));
					break;
				}
			}
		}
		chain.doFilter(request, response);
	}

}
