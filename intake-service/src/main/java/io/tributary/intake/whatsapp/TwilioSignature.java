package io.tributary.intake.whatsapp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.intake.system.InvalidSignatureException;

/**
 * Twilio's webhook signature: Base64 of HMAC-SHA1, keyed with the auth token, over the
 * full URL Twilio requested followed by each POST parameter's name and value, sorted by
 * name (a repeated name adds each value, in sorted order).
 */
final class TwilioSignature {

	private TwilioSignature() {
	}

	static String compute(String authToken, String url, Map<String, List<String>> postParameters) {
		StringBuilder data = new StringBuilder(url);
		new TreeMap<>(postParameters)
			.forEach((name, values) -> values.stream().sorted().forEach((value) -> data.append(name).append(value)));
		return Base64.getEncoder()
			.encodeToString(Signatures.hmac("HmacSHA1", authToken, data.toString().getBytes(StandardCharsets.UTF_8)));
	}

	static void verify(String authToken, String url, Map<String, List<String>> postParameters, String signature) {
		if (authToken.isEmpty()) {
			throw new InvalidSignatureException("The Twilio webhook is not configured (no auth token)");
		}
		if (signature == null || signature.isBlank()) {
			throw new InvalidSignatureException("Missing X-Twilio-Signature");
		}
		if (!Signatures.matches(compute(authToken, url, postParameters), signature.strip())) {
			throw new InvalidSignatureException("Wrong X-Twilio-Signature");
		}
	}

}
