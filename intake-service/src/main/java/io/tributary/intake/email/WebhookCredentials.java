package io.tributary.intake.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import io.tributary.intake.system.InvalidSignatureException;

import org.springframework.stereotype.Component;

/**
 * Checks the basic-auth credentials that email providers' webhook URLs carry, in constant
 * time.
 */
@Component
class WebhookCredentials {

	private final byte[] expected;

	WebhookCredentials(EmailProperties properties) {
		this.expected = properties.webhookUsername().isEmpty() ? null
				: ("Basic " + Base64.getEncoder()
					.encodeToString((properties.webhookUsername() + ":" + properties.webhookPassword())
						.getBytes(StandardCharsets.UTF_8)))
					.getBytes(StandardCharsets.UTF_8);
	}

	void check(String authorization) {
		if (this.expected == null) {
			return;
		}
		byte[] given = (authorization != null) ? authorization.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (!MessageDigest.isEqual(this.expected, given)) {
			throw new InvalidSignatureException("Missing or wrong webhook credentials");
		}
	}

}
