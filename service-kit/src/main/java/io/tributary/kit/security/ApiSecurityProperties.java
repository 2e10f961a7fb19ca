package io.tributary.kit.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the APIs. Secrets come from the environment (Kubernetes secrets), e.g.
 * {@code TRIBUTARY_API_KEYS_0_KEY}, {@code TRIBUTARY_API_KEYS_0_ROLE} and
 * {@code TRIBUTARY_API_JWT_HMAC_SECRET}.
 *
 * @param keys the accepted API keys, each with its role ({@code READ} or {@code ADMIN})
 * @param openReads whether read endpoints need no credentials (the {@code local} profile
 * sets it)
 * @param privateReads read endpoints that need credentials even when reads are open (the
 * audit trail)
 * @param jwt bearer tokens
 */
@ConfigurationProperties("tributary.api")
public record ApiSecurityProperties(List<ApiKey> keys, @DefaultValue("false") boolean openReads,
		List<String> privateReads, @DefaultValue Jwt jwt) {

	public ApiSecurityProperties {
		keys = (keys != null) ? List.copyOf(keys) : List.of();
		privateReads = (privateReads != null) ? List.copyOf(privateReads) : List.of();
	}

	/**
	 * One API key.
	 *
	 * @param key the secret sent in {@code X-API-Key}
	 * @param role {@code READ} or {@code ADMIN}
	 */
	public record ApiKey(String key, String role) {

	}

	/**
	 * JWT bearer tokens ({@code Authorization: Bearer ...}). They are accepted when an
	 * HMAC secret is set here, or an issuer, key set or public key in Spring Boot's
	 * resource-server settings ({@code spring.security.oauth2.resourceserver.jwt.*}: its
	 * {@code issuer-uri}, {@code jwk-set-uri}, {@code public-key-location},
	 * {@code jws-algorithms} and {@code audiences}), which
	 * {@link BearerTokenVerification} reads.
	 *
	 * @param hmacSecret a shared HS256 secret of at least 32 bytes
	 * @param rolesClaim the claim listing the token's roles ({@code READ}, {@code ADMIN})
	 */
	public record Jwt(String hmacSecret, @DefaultValue("roles") String rolesClaim) {

		boolean hasSecret() {
			return this.hmacSecret != null && !this.hmacSecret.isBlank();
		}

	}

}
