package io.tributary.intake.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.tributary.events.catalogue.Topic;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.junit.WithKafkaAndRedis;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client input, however malformed, gets the exact 4xx it deserves as problem details,
 * never a 500, and nothing of it reaches Kafka.
 */
@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadInputIntegrationTests {

	private static final String FORM = "/api/v1/channels/web-form/messages";

	private static final String VALID_FORM = "{\"name\":\"Ana\",\"email\":\"bad-input@example.com\",\"subject\":\"s\",\"message\":\"m\"}";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	record BadInput(String name, String method, String path, String contentType, byte[] body,
			Map<String, String> headers, int status) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static List<BadInput> table() {
		List<BadInput> cases = new ArrayList<>();
		// Web form: JSON that is not a valid submission
		cases.add(json("broken JSON", FORM, "{\"name\":", 400));
		cases.add(json("number where text is expected", FORM, VALID_FORM.replace("\"Ana\"", "123"), 400));
		cases.add(json("array where text is expected", FORM, VALID_FORM.replace("\"m\"}", "[\"m\"]}"), 400));
		cases.add(json("object where text is expected", FORM, VALID_FORM.replace("\"s\"", "{\"a\":1}"), 400));
		cases.add(json("empty object", FORM, "{}", 400));
		cases.add(json("JSON null", FORM, "null", 400));
		cases.add(json("top-level array", FORM, "[" + VALID_FORM + "]", 400));
		cases.add(json("empty body", FORM, "", 400));
		cases.add(json("invalid email", FORM, VALID_FORM.replace("bad-input@example.com", "ana@"), 400));
		cases.add(json("invalid phone", FORM, VALID_FORM.replace("}", ",\"phone\":\"call me\"}"), 400));
		cases.add(json("blank name", FORM, VALID_FORM.replace("\"Ana\"", "\"   \""), 400));
		cases.add(json("subject too long", FORM, VALID_FORM.replace("\"s\"", "\"" + "s".repeat(301) + "\""), 400));
		cases.add(json("message too long", FORM, VALID_FORM.replace("\"m\"", "\"" + "m".repeat(20001) + "\""), 400));
		cases.add(json("duplicate key", FORM, VALID_FORM.replace("{", "{\"name\":\"Eve\","), 400));
		cases.add(json("trailing content", FORM, VALID_FORM + " {\"more\":1}", 400));
		cases.add(json("deeply nested", FORM, "{\"name\":" + "[".repeat(3000) + "]".repeat(3000) + "}", 400));
		cases.add(new BadInput("invalid UTF-8", "POST", FORM, "application/json", invalidUtf8(VALID_FORM), Map.of(),
				400));
		cases.add(new BadInput("body over the limit", "POST", FORM, "application/json",
				utf8("{\"name\":\"" + "x".repeat(70 * 1024) + "\"}"), Map.of(), 413));
		cases.add(new BadInput("text/plain", "POST", FORM, "text/plain", utf8(VALID_FORM), Map.of(), 415));
		cases.add(new BadInput("XML", "POST", FORM, "application/xml", utf8("<form/>"), Map.of(), 415));
		cases.add(new BadInput("no content type", "POST", FORM, null, utf8(VALID_FORM), Map.of(), 415));
		cases.add(new BadInput("idempotency key with spaces", "POST", FORM, "application/json", utf8(VALID_FORM),
				Map.of("Idempotency-Key", "has spaces in it"), 400));
		cases.add(new BadInput("idempotency key too long", "POST", FORM, "application/json", utf8(VALID_FORM),
				Map.of("Idempotency-Key", "k".repeat(129)), 400));
		cases.add(new BadInput("GET on a POST endpoint", "GET", FORM, null, null, Map.of(), 405));
		cases.add(new BadInput("unknown path", "POST", "/api/v1/channels/fax/messages", "application/json",
				utf8(VALID_FORM), Map.of(), 404));
		// Email
		cases.add(new BadInput("MIME without sender", "POST", "/api/v1/channels/email/mime", "message/rfc822",
				utf8("Subject: hi\r\n\r\nbody"), Map.of(), 400));
		cases.add(json("JSON to the MIME endpoint", "/api/v1/channels/email/mime", "{}", 415));
		cases.add(json("Postmark without sender", "/api/v1/channels/email/postmark", "{\"TextBody\":\"hi\"}", 400));
		cases.add(json("Postmark broken JSON", "/api/v1/channels/email/postmark", "{\"From\":", 400));
		cases.add(new BadInput("SendGrid without from", "POST", "/api/v1/channels/email/sendgrid",
				"multipart/form-data; boundary=b",
				utf8("--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhi\r\n--b--\r\n"), Map.of(), 400));
		cases.add(json("JSON to SendGrid", "/api/v1/channels/email/sendgrid", "{}", 415));
		cases.add(new BadInput("email over the limit", "POST", "/api/v1/channels/email/mime", "message/rfc822",
				new byte[300 * 1024], Map.of(), 413));
		// WhatsApp
		cases.add(new BadInput("Twilio unsigned", "POST", "/api/v1/channels/whatsapp/twilio",
				"application/x-www-form-urlencoded", utf8("From=whatsapp%3A%2B14155552671&Body=hi&MessageSid=SMx"),
				Map.of(), 401));
		cases.add(new BadInput("Twilio forged signature", "POST", "/api/v1/channels/whatsapp/twilio",
				"application/x-www-form-urlencoded", utf8("From=whatsapp%3A%2B14155552671&Body=hi&MessageSid=SMx"),
				Map.of("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl"), 401));
		cases.add(json("JSON to Twilio", "/api/v1/channels/whatsapp/twilio", "{}", 415));
		cases.add(json("Meta unsigned", "/api/v1/channels/whatsapp/meta", "{\"entry\":[]}", 401));
		cases.add(new BadInput("Meta signed but not JSON", "POST", "/api/v1/channels/whatsapp/meta", "application/json",
				utf8("not json"), Map.of("X-Hub-Signature-256", metaSignature("not json")), 400));
		cases.add(new BadInput("Meta signed without entries", "POST", "/api/v1/channels/whatsapp/meta",
				"application/json", utf8("{\"object\":\"x\"}"),
				Map.of("X-Hub-Signature-256", metaSignature("{\"object\":\"x\"}")), 400));
		cases.add(new BadInput("Meta handshake with a wrong mode", "GET",
				"/api/v1/channels/whatsapp/meta?hub.mode=unsubscribe&hub.verify_token=test-verify-token&hub.challenge=1",
				null, null, Map.of(), 403));
		// Status
		cases.add(new BadInput("status of an absurdly long id", "GET", "/api/v1/messages/" + "x".repeat(2000), null,
				null, Map.of(), 404));
		return cases;
	}

	@Test
	void everyBadInputGetsItsExactStatusAsProblemDetailsAndNothingIsPublished(SharedInfrastructure infrastructure)
			throws Exception {
		List<BadInput> cases = table();
		assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
		long before = rawRecordCount(infrastructure);

		SoftAssertions softly = new SoftAssertions();
		for (BadInput input : cases) {
			HttpResponse<String> response = send(input);
			softly.assertThat(response.statusCode())
				.as(input.name() + ": " + response.body())
				.isEqualTo(input.status());
			if (input.status() != 403) {
				softly.assertThat(response.headers().firstValue("Content-Type"))
					.as(input.name() + " content type")
					.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			}
		}
		softly.assertAll();

		assertThat(rawRecordCount(infrastructure)).isEqualTo(before);
	}

	private HttpResponse<String> send(BadInput input) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + input.path()))
			.timeout(Duration.ofSeconds(30))
			.method(input.method(), (input.body() != null) ? HttpRequest.BodyPublishers.ofByteArray(input.body())
					: HttpRequest.BodyPublishers.noBody());
		if (input.contentType() != null) {
			request.header("Content-Type", input.contentType());
		}
		input.headers().forEach(request::header);
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static long rawRecordCount(SharedInfrastructure infrastructure) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers()))) {
			Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(Topic.RAW_MESSAGES.topicName()))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(Topic.RAW_MESSAGES.topicName())
				.partitions()
				.stream()
				.collect(Collectors.toMap((p) -> new TopicPartition(Topic.RAW_MESSAGES.topicName(), p.partition()),
						(p) -> OffsetSpec.latest()));
			return admin.listOffsets(latest)
				.all()
				.get(30, TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong((info) -> info.offset())
				.sum();
		}
	}

	private static BadInput json(String name, String path, String body, int status) {
		return new BadInput(name, "POST", path, "application/json", utf8(body), Map.of(), status);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The valid form with the bytes of "Ana" replaced by a lone continuation byte and an
	 * overlong form.
	 */
	private static byte[] invalidUtf8(String json) {
		byte[] bytes = utf8(json);
		int at = json.indexOf("Ana");
		bytes[at] = (byte) 0x80;
		bytes[at + 1] = (byte) 0xC0;
		bytes[at + 2] = (byte) 0xAF;
		return bytes;
	}

	/** HMAC-SHA256 with the JDK directly, independent of the controller's helper. */
	private static String metaSignature(String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(utf8("test-app-secret"), "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(utf8(body)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
