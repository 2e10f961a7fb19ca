package io.tributary.kit.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Bearer tokens are verified as the deployment's settings say, read when the service
 * starts (the services run AOT-processed, so Boot's conditional resource server beans
 * would not follow them). The identity provider is a real HTTP server serving its
 * discovery document and key set.
 */
class BearerTokenVerificationTests {

	private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!";

	private final RSAKey providerKey = generateKey();

	private HttpServer provider;

	private String issuer;

	@BeforeEach
	void startTheIdentityProvider() throws IOException {
		this.provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.issuer = "http://127.0.0.1:" + this.provider.getAddress().getPort() + "/realm";
		this.provider.createContext("/realm/.well-known/openid-configuration", (exchange) -> json(exchange,
				"{\"issuer\":\"" + this.issuer + "\",\"jwks_uri\":\"" + this.issuer + "/keys\"}"));
		this.provider.createContext("/realm/keys",
				(exchange) -> json(exchange, new JWKSet(this.providerKey.toPublicJWK()).toString()));
		this.provider.start();
	}

	@AfterEach
	void stopTheIdentityProvider() {
		this.provider.stop(0);
	}

	@Test
	void withoutSettingsNoTokenIsAccepted() {
		assertThat(BearerTokenVerification.decoder(jwt(null), new MockEnvironment())).isEmpty();
	}

	@Test
	void aSharedSecretVerifiesTokensSignedWithIt() throws Exception {
		JwtDecoder decoder = BearerTokenVerification.decoder(jwt(SECRET), new MockEnvironment()).orElseThrow();

		String token = token(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, "ana");
		assertThat(decoder.decode(token).getSubject()).isEqualTo("ana");
		String forged = token(new MACSigner("another-secret-of-at-least-32-bytes!!"), JWSAlgorithm.HS256, "ana");
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(forged));
	}

	@Test
	void aSecretTooShortForHs256StopsTheService() {
		assertThatIllegalStateException()
			.isThrownBy(() -> BearerTokenVerification.decoder(jwt("short"), new MockEnvironment()))
			.withMessageContaining("tributary.api.jwt.hmac-secret must be at least 32 bytes");
	}

	@Test
	void anIssuerIsDiscoveredAndItsKeysVerifyTokens() throws Exception {
		MockEnvironment environment = new MockEnvironment().withProperty(BearerTokenVerification.ISSUER_URI,
				this.issuer);
		JwtDecoder decoder = BearerTokenVerification.decoder(jwt(null), environment).orElseThrow();

		assertThat(decoder.decode(token(new RSASSASigner(this.providerKey), JWSAlgorithm.RS256, "bo")).getSubject())
			.isEqualTo("bo");
		RSAKey stranger = generateKey();
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> decoder.decode(token(new RSASSASigner(stranger), JWSAlgorithm.RS256, "bo")));
	}

	@Test
	void aKeySetVerifiesTokensAndTheIssuerIsCheckedWhenGiven() throws Exception {
		MockEnvironment environment = new MockEnvironment()
			.withProperty(BearerTokenVerification.JWK_SET_URI, this.issuer + "/keys")
			.withProperty(BearerTokenVerification.ISSUER_URI, "https://elsewhere.example");
		JwtDecoder decoder = BearerTokenVerification.decoder(jwt(null), environment).orElseThrow();

		// Signed by the key set's key, but issued by another issuer than configured.
		String token = token(new RSASSASigner(this.providerKey), JWSAlgorithm.RS256, "bo");
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token))
			.withMessageContaining("iss");
		JwtDecoder keysOnly = BearerTokenVerification
			.decoder(jwt(null),
					new MockEnvironment().withProperty(BearerTokenVerification.JWK_SET_URI, this.issuer + "/keys"))
			.orElseThrow();
		assertThat(keysOnly.decode(token).getSubject()).isEqualTo("bo");
	}

	@Test
	void audiencesWhenGivenMustIncludeOneOfTheTokens() throws Exception {
		MockEnvironment environment = new MockEnvironment()
			.withProperty(BearerTokenVerification.JWK_SET_URI, this.issuer + "/keys")
			.withProperty(BearerTokenVerification.AUDIENCES, "tributary-api, ops-console");
		JwtDecoder decoder = BearerTokenVerification.decoder(jwt(null), environment).orElseThrow();
		RSASSASigner signer = new RSASSASigner(this.providerKey);

		assertThat(
				decoder.decode(token(signer, JWSAlgorithm.RS256, "bo", List.of("billing", "ops-console"))).getSubject())
			.isEqualTo("bo");
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> decoder.decode(token(signer, JWSAlgorithm.RS256, "bo", List.of("billing"))))
			.withMessageContaining("aud");
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> decoder.decode(token(signer, JWSAlgorithm.RS256, "bo", List.of())));
	}

	@Test
	void aPublicKeyFileVerifiesTokensWithItsOneAlgorithm(@TempDir Path directory) throws Exception {
		Path pem = directory.resolve("provider.pem");
		Files.writeString(pem,
				"-----BEGIN PUBLIC KEY-----\n"
						+ Base64.getMimeEncoder().encodeToString(this.providerKey.toRSAPublicKey().getEncoded())
						+ "\n-----END PUBLIC KEY-----\n");
		MockEnvironment environment = new MockEnvironment()
			.withProperty(BearerTokenVerification.PUBLIC_KEY_LOCATION, pem.toUri().toString())
			.withProperty(BearerTokenVerification.AUDIENCES + "[0]", "tributary-api");
		JwtDecoder decoder = BearerTokenVerification.decoder(jwt(null), environment).orElseThrow();

		assertThat(decoder
			.decode(token(new RSASSASigner(this.providerKey), JWSAlgorithm.RS256, "cy", List.of("tributary-api")))
			.getSubject()).isEqualTo("cy");
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder
			.decode(token(new RSASSASigner(generateKey()), JWSAlgorithm.RS256, "cy", List.of("tributary-api"))));
		assertThatIllegalStateException()
			.isThrownBy(() -> BearerTokenVerification.decoder(jwt(null),
					new MockEnvironment().withProperty(BearerTokenVerification.PUBLIC_KEY_LOCATION,
							directory.resolve("missing.pem").toUri().toString())))
			.withMessageContaining(BearerTokenVerification.PUBLIC_KEY_LOCATION);
	}

	@Test
	void jwsAlgorithmsLimitWhatTheKeySetVerifies() throws Exception {
		String token = token(new RSASSASigner(this.providerKey), JWSAlgorithm.RS256, "di");
		JwtDecoder esOnly = BearerTokenVerification
			.decoder(jwt(null),
					new MockEnvironment().withProperty(BearerTokenVerification.JWK_SET_URI, this.issuer + "/keys")
						.withProperty(BearerTokenVerification.JWS_ALGORITHMS, "ES256"))
			.orElseThrow();

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> esOnly.decode(token));
		assertThatIllegalStateException()
			.isThrownBy(() -> BearerTokenVerification.decoder(jwt(null),
					new MockEnvironment().withProperty(BearerTokenVerification.JWK_SET_URI, this.issuer + "/keys")
						.withProperty(BearerTokenVerification.JWS_ALGORITHMS, "RS999")))
			.withMessageContaining(BearerTokenVerification.JWS_ALGORITHMS + ": unknown signature algorithm RS999");
	}

	private String token(JWSSigner signer, JWSAlgorithm algorithm, String subject) throws JOSEException {
		return token(signer, algorithm, subject, List.of());
	}

	private String token(JWSSigner signer, JWSAlgorithm algorithm, String subject, List<String> audiences)
			throws JOSEException {
		JWSHeader.Builder header = new JWSHeader.Builder(algorithm);
		if (algorithm == JWSAlgorithm.RS256) {
			header.keyID(this.providerKey.getKeyID());
		}
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.issuer(this.issuer)
			.claim("roles", List.of("READ"))
			.audience(audiences.isEmpty() ? null : audiences)
			.expirationTime(Date.from(Instant.now().plusSeconds(300)))
			.build();
		SignedJWT jwt = new SignedJWT(header.build(), claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	private static ApiSecurityProperties.Jwt jwt(String secret) {
		return new ApiSecurityProperties.Jwt(secret, "roles");
	}

	private static RSAKey generateKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("provider-key").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void json(HttpExchange exchange, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

}
