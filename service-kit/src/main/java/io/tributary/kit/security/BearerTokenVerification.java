package io.tributary.kit.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

/**
 * How bearer tokens are verified, chosen from the deployment's settings when the service
 * starts: a shared HS256 secret ({@code tributary.api.jwt.hmac-secret}), or Boot's own
 * resource-server settings under {@code spring.security.oauth2.resourceserver.jwt}: an
 * identity provider's key set ({@code jwk-set-uri}, with {@code jws-algorithms}), a
 * public key ({@code public-key-location}), or its issuer ({@code issuer-uri}, whose key
 * set is looked up on the first token); or none. {@code issuer-uri} is also checked
 * against the {@code iss} claim whichever way keys come, and {@code audiences}, when
 * given, must include one of the token's {@code aud}.
 *
 * <p>
 * Not bean conditions, as Boot's resource server uses: the services run AOT-processed,
 * and an AOT-processed build fixes its conditions when it is built, so a setting given
 * only at deployment would be ignored. Boot's resource server is therefore excluded, and
 * each of its JWT settings that it would have honoured is read here.
 */
final class BearerTokenVerification {

	static final String PREFIX = "spring.security.oauth2.resourceserver.jwt.";

	static final String JWK_SET_URI = PREFIX + "jwk-set-uri";

	static final String ISSUER_URI = PREFIX + "issuer-uri";

	static final String PUBLIC_KEY_LOCATION = PREFIX + "public-key-location";

	static final String JWS_ALGORITHMS = PREFIX + "jws-algorithms";

	static final String AUDIENCES = PREFIX + "audiences";

	private BearerTokenVerification() {
	}

	/**
	 * The decoder the settings ask for.
	 * @param jwt the service's token settings
	 * @param environment where the identity provider's settings are read
	 * @return the decoder, or empty when bearer tokens are not accepted
	 * @throws IllegalStateException when a setting cannot be used (an HMAC secret too
	 * short for HS256, an unknown algorithm, an unreadable public key), naming it
	 */
	static Optional<JwtDecoder> decoder(ApiSecurityProperties.Jwt jwt, Environment environment) {
		String issuer = setting(environment, ISSUER_URI);
		List<String> audiences = list(environment, AUDIENCES);
		OAuth2TokenValidator<Jwt> validator = validator(issuer, audiences);
		if (jwt.hasSecret()) {
			byte[] secret = jwt.hmacSecret().getBytes(StandardCharsets.UTF_8);
			if (secret.length < 32) {
				throw new IllegalStateException("tributary.api.jwt.hmac-secret must be at least 32 bytes for HS256");
			}
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
				.macAlgorithm(MacAlgorithm.HS256)
				.build();
			decoder.setJwtValidator(validator);
			return Optional.of(decoder);
		}
		String jwkSetUri = setting(environment, JWK_SET_URI);
		List<SignatureAlgorithm> algorithms = algorithms(environment);
		if (jwkSetUri != null) {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).jwsAlgorithms((accepted) -> {
				accepted.clear();
				accepted.addAll(algorithms);
			}).build();
			decoder.setJwtValidator(validator);
			return Optional.of(decoder);
		}
		String publicKeyLocation = setting(environment, PUBLIC_KEY_LOCATION);
		if (publicKeyLocation != null) {
			if (algorithms.size() != 1) {
				throw new IllegalStateException(JWS_ALGORITHMS + " must name exactly one algorithm with "
						+ PUBLIC_KEY_LOCATION + ", not " + algorithms);
			}
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey(publicKeyLocation))
				.signatureAlgorithm(algorithms.get(0))
				.build();
			decoder.setJwtValidator(validator);
			return Optional.of(decoder);
		}
		if (issuer != null) {
			// Lazily: the identity provider need not be up for the service to start.
			return Optional.of(new SupplierJwtDecoder(() -> {
				JwtDecoder discovered = JwtDecoders.fromIssuerLocation(issuer);
				if (discovered instanceof NimbusJwtDecoder nimbus) {
					nimbus.setJwtValidator(validator);
				}
				return discovered;
			}));
		}
		return Optional.empty();
	}

	/** Expiry and not-before always; the issuer and the audience when configured. */
	private static OAuth2TokenValidator<Jwt> validator(String issuer, List<String> audiences) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators
			.add((issuer != null) ? JwtValidators.createDefaultWithIssuer(issuer) : JwtValidators.createDefault());
		if (!audiences.isEmpty()) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					(audience) -> audience != null && audience.stream().anyMatch(audiences::contains)));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	/** Boot's default when none are given: RS256. */
	private static List<SignatureAlgorithm> algorithms(Environment environment) {
		List<String> names = list(environment, JWS_ALGORITHMS);
		if (names.isEmpty()) {
			return List.of(SignatureAlgorithm.RS256);
		}
		List<SignatureAlgorithm> algorithms = new ArrayList<>(names.size());
		for (String name : names) {
			SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
			if (algorithm == null) {
				throw new IllegalStateException(JWS_ALGORITHMS + ": unknown signature algorithm " + name);
			}
			algorithms.add(algorithm);
		}
		return algorithms;
	}

	private static RSAPublicKey publicKey(String location) {
		Resource resource = new DefaultResourceLoader().getResource(location);
		try (InputStream pem = resource.getInputStream()) {
			return RsaKeyConverters.x509().convert(pem);
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new IllegalStateException(
					PUBLIC_KEY_LOCATION + ": cannot read an X.509 RSA public key (PEM) from " + location, ex);
		}
	}

	private static String setting(Environment environment, String name) {
		String value = environment.getProperty(name);
		return (value != null && !value.isBlank()) ? value.trim() : null;
	}

	/** A list given either way Boot accepts: comma-separated, or indexed. */
	private static List<String> list(Environment environment, String name) {
		return Binder.get(environment)
			.bind(name, Bindable.listOf(String.class))
			.orElse(List.of())
			.stream()
			.map(String::trim)
			.filter((value) -> !value.isEmpty())
			.toList();
	}

}
