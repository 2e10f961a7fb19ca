package io.tributary.kit.security;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

/**
 * How bearer tokens are verified, chosen from the deployment's settings when the service
 * starts: a shared HS256 secret ({@code tributary.api.jwt.hmac-secret}), an identity
 * provider's key set ({@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}) or
 * its issuer ({@code ...jwt.issuer-uri}, whose key set is looked up on the first token),
 * or none.
 *
 * <p>
 * Not bean conditions, as Boot's resource server uses: the services run AOT-processed,
 * and an AOT-processed build fixes its conditions when it is built, so a setting given
 * only at deployment would be ignored.
 */
final class BearerTokenVerification {

	static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

	static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	private BearerTokenVerification() {
	}

	/**
	 * The decoder the settings ask for.
	 * @param jwt the service's token settings
	 * @param environment where the identity provider's settings are read
	 * @return the decoder, or empty when bearer tokens are not accepted
	 * @throws IllegalStateException when the HMAC secret is too short for HS256
	 */
	static Optional<JwtDecoder> decoder(ApiSecurityProperties.Jwt jwt, Environment environment) {
		if (jwt.hasSecret()) {
			byte[] secret = jwt.hmacSecret().getBytes(StandardCharsets.UTF_8);
			if (secret.length < 32) {
				throw new IllegalStateException("tributary.api.jwt.hmac-secret must be at least 32 bytes for HS256");
			}
			return Optional.of(NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
				.macAlgorithm(MacAlgorithm.HS256)
				.build());
		}
		String jwkSetUri = setting(environment, JWK_SET_URI);
		String issuer = setting(environment, ISSUER_URI);
		if (jwkSetUri != null) {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
			if (issuer != null) {
				decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
			}
			return Optional.of(decoder);
		}
		if (issuer != null) {
			// Lazily: the identity provider need not be up for the service to start.
			return Optional.of(new SupplierJwtDecoder(() -> JwtDecoders.fromIssuerLocation(issuer)));
		}
		return Optional.empty();
	}

	private static String setting(Environment environment, String name) {
		String value = environment.getProperty(name);
		return (value != null && !value.isBlank()) ? value.trim() : null;
	}

}
