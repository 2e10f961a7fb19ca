package io.tributary.localstack.system;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seeded traffic across all channels, signed as the providers sign it: web forms, raw
 * MIME emails, Twilio and Meta WhatsApp webhooks; then provider retries, identical
 * resubmissions and poison (Meta location messages, which the normalizer cannot turn into
 * text).
 */
final class SystemTraffic {

	static final String TWILIO_TOKEN = "system-test-twilio-token";

	static final String META_SECRET = "system-test-meta-secret";

	private static final String[] QUESTIONS = { "Where is my parcel? I ordered last week.",
			"How do I reset my password? I cannot log in.", "Can I get a copy of my invoice for last month?",
			"My order arrived broken, what can I do?", "Do you ship to Belgium and how long does delivery take?",
			"I was charged twice for the same order.", "How can I change the delivery address of my order?",
			"The app shows an error when I try to pay." };

	private final Random random;

	private final String run;

	private final String intakeBaseUrl;

	private final int phoneBlock;

	/**
	 * @param seed the seed of the run's random choices
	 * @param run the run's id, part of every email address and provider id
	 * @param intakeBaseUrl where intake listens (Twilio signs the full URL)
	 * @param phoneBlock two digits, 10 to 99, that no other run against the same Redis
	 * uses: they start every phone number of the run. Derived from the run's id they once
	 * coincided for two runs, and the second run's WhatsApp messages that happened to ask
	 * the same question under the same reference were rightly taken for resubmissions.
	 */
	SystemTraffic(long seed, String run, String intakeBaseUrl, int phoneBlock) {
		if (phoneBlock < 10 || phoneBlock > 99) {
			throw new IllegalArgumentException("Phone blocks are 10 to 99, not " + phoneBlock);
		}
		this.random = new Random(seed);
		this.run = run;
		this.intakeBaseUrl = intakeBaseUrl;
		this.phoneBlock = phoneBlock;
	}

	/**
	 * First the new messages (valid and poison, shuffled), then the repeats of some of
	 * them, so a repeat always follows what it repeats.
	 */
	List<List<Submission>> phases(int valid, int retries, int resubmissions, int poison) {
		List<Submission> first = new ArrayList<>();
		for (int i = 0; i < valid; i++) {
			first.add(switch (i % 4) {
				case 0 -> webForm(i);
				case 1 -> email(i);
				case 2 -> twilio(i);
				default -> meta(i, false);
			});
		}
		for (int i = 0; i < poison; i++) {
			first.add(meta(valid + i, true));
		}
		java.util.Collections.shuffle(first, this.random);
		List<Submission> providerChannels = first.stream()
			.filter((s) -> s.kind() == Submission.Kind.VALID
					&& (s.path().endsWith("/twilio") || s.path().endsWith("/mime")))
			.toList();
		List<Submission> webForms = first.stream()
			.filter((s) -> s.kind() == Submission.Kind.VALID && s.path().endsWith("/web-form/messages"))
			.toList();
		List<Submission> second = new ArrayList<>();
		for (int i = 0; i < retries; i++) {
			second.add(providerChannels.get(i).repeatedAs(Submission.Kind.PROVIDER_RETRY));
		}
		for (int i = 0; i < resubmissions; i++) {
			second.add(webForms.get(i).repeatedAs(Submission.Kind.RESUBMISSION));
		}
		java.util.Collections.shuffle(second, this.random);
		return List.of(first, second);
	}

	private String question() {
		return QUESTIONS[this.random.nextInt(QUESTIONS.length)];
	}

	private Submission webForm(int i) {
		String email = "web-" + this.run + "-" + i + "@example.com";
		String body = "{\"name\":\"Customer " + i + "\",\"email\":\"" + email + "\",\"subject\":\"Question " + i
				+ "\",\"message\":\"" + question() + " (ref " + i + ")\"}";
		return new Submission(Submission.Kind.VALID, "/api/v1/channels/web-form/messages", "application/json", body,
				Map.of(), email, "WEB", null);
	}

	private Submission email(int i) {
		String from = "mail-" + this.run + "-" + i + "@example.com";
		String mime = "From: Customer " + i + " <" + from + ">\r\nTo: support@tributary.example\r\nSubject: Help " + i
				+ "\r\nMessage-ID: <" + this.run + "-" + i + "@mail.example>\r\nContent-Type: text/plain; charset=UTF-8"
				+ "\r\n\r\n" + question() + "\r\nRef " + i + "\r\n";
		return new Submission(Submission.Kind.VALID, "/api/v1/channels/email/mime", "message/rfc822", mime, Map.of(),
				from, "EMAIL", null);
	}

	private Submission twilio(int i) {
		String phone = phone(i);
		Map<String, String> form = new LinkedHashMap<>();
		form.put("MessageSid", "SM" + this.run + String.format("%08d", i));
		form.put("From", "whatsapp:" + phone);
		form.put("To", "whatsapp:+14155238886");
		form.put("Body", question() + " (ref " + i + ")");
		form.put("NumMedia", "0");
		String path = "/api/v1/channels/whatsapp/twilio";
		String body = form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		// Twilio's scheme: HMAC-SHA1 over the URL and the sorted parameters, base64.
		StringBuilder signed = new StringBuilder(this.intakeBaseUrl + path);
		new TreeMap<>(form).forEach((name, value) -> signed.append(name).append(value));
		String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA1", TWILIO_TOKEN, signed.toString()));
		return new Submission(Submission.Kind.VALID, path, "application/x-www-form-urlencoded", body,
				Map.of("X-Twilio-Signature", signature), phone, "WHATSAPP", null);
	}

	private Submission meta(int i, boolean poison) {
		String phone = phone(i);
		String digits = phone.substring(1);
		String message = poison ? "{\"from\":\"" + digits + "\",\"id\":\"wamid." + this.run + i
				+ "\",\"timestamp\":\"1700000000\",\"type\":\"location\",\"location\":{\"latitude\":52.37,\"longitude\":4.89}}"
				: "{\"from\":\"" + digits + "\",\"id\":\"wamid." + this.run + i
						+ "\",\"timestamp\":\"1700000000\",\"type\":\"text\",\"text\":{\"body\":\"" + question()
						+ " (ref " + i + ")\"}}";
		String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[{\"field\":\"messages\","
				+ "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550000000\","
				+ "\"phone_number_id\":\"1065\"},\"contacts\":[{\"profile\":{\"name\":\"Customer " + i
				+ "\"},\"wa_id\":\"" + digits + "\"}],\"messages\":[" + message + "]}}]}]}";
		String signature = "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", META_SECRET, body));
		return new Submission(poison ? Submission.Kind.POISON : Submission.Kind.VALID, "/api/v1/channels/whatsapp/meta",
				"application/json", body, Map.of("X-Hub-Signature-256", signature), phone, "WHATSAPP", null);
	}

	/** A Dutch mobile number unique to this run and index. */
	private String phone(int i) {
		return "+316" + this.phoneBlock + String.format("%06d", i);
	}

	private static byte[] hmac(String algorithm, String key, String data) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
