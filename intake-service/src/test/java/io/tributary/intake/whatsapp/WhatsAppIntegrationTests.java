package io.tributary.intake.whatsapp;

import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.tributary.events.Attachment;
import io.tributary.events.Channel;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageReceived;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.intake.ChannelTestSupport;
import io.tributary.intake.IntakeHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.tributary.intake.ChannelTestSupport.raw;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both WhatsApp providers over real HTTP. The signatures below were computed with
 * openssl, outside the code under test:
 *
 * <pre>
 * printf '%s' "$URL$NAME1$VALUE1$NAME2$VALUE2..." | openssl dgst -sha1 -hmac test-auth-token -binary | base64
 * printf '%s' "$BODY" | openssl dgst -sha256 -hmac test-app-secret
 * </pre>
 */
@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WhatsAppIntegrationTests {

	private static final String TWILIO = "/api/v1/channels/whatsapp/twilio";

	private static final String META = "/api/v1/channels/whatsapp/meta";

	/**
	 * Over https://support.example.com/api/v1/channels/whatsapp/twilio and the form
	 * below.
	 */
	private static final String TWILIO_SIGNATURE = "Gsv8/Eqf5qWLqW/OH6GJZNXhTls=";

	/**
	 * Over the same URL with {@code ?tenant=acme}, whose parameter is part of the URL,
	 * not the form.
	 */
	private static final String TWILIO_SIGNATURE_WITH_QUERY = "Poekr2FmX9x6W2BpSpkrtO8MoUs=";

	private static final String META_SIGNATURE = "sha256=113201c6a43309c97e67f621dca78016c46949701ec0a8f0ec97871c4f94458a";

	@LocalServerPort
	private int port;

	private IntakeHttp http;

	@BeforeEach
	void client() {
		this.http = new IntakeHttp(this.port);
	}

	@Test
	void signedTwilioMessageIsStoredAndItsRetryKeepsTheMessageId(SharedInfrastructure infrastructure) throws Exception {
		HttpResponse<String> first = postTwilio(TWILIO, twilioForm(), TWILIO_SIGNATURE);
		HttpResponse<String> retry = postTwilio(TWILIO, twilioForm(), TWILIO_SIGNATURE);

		assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
		String messageId = IntakeHttp.json(first).get("messageId").asString();
		assertThat(IntakeHttp.json(retry).get("messageId").asString()).isEqualTo(messageId);
		List<MessageReceived> stored = ChannelTestSupport.all(infrastructure, Topic.RAW_MESSAGES, messageId)
			.stream()
			.map((record) -> (MessageReceived) record.value())
			.toList();
		assertThat(stored).hasSize(2);
		MessageReceived raw = stored.get(0);
		assertThat(raw.channel()).isEqualTo(Channel.WHATSAPP);
		assertThat(raw.provider()).isEqualTo("twilio");
		assertThat(raw.providerMessageId()).isEqualTo("SM0123456789abcdef0123456789abcdef");
		assertThat(raw.contactKey()).isEqualTo("+14155552671");
		assertThat(raw.sender().name()).isEqualTo("Ana");
		assertThat(raw.body()).isEqualTo("Hello, my order #42 is late!");
	}

	@Test
	void queryParametersCountAsPartOfTheSignedUrl() throws Exception {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("Body", "dup");
		form.put("From", "whatsapp:+14155552671");
		form.put("MessageSid", "SMdup");
		form.put("NumMedia", "0");

		assertThat(postTwilio(TWILIO + "?tenant=acme", form, TWILIO_SIGNATURE_WITH_QUERY).statusCode()).isEqualTo(202);
	}

	@Test
	void twilioWithoutOrWithAWrongSignatureIsRefusedAndNothingIsStored(SharedInfrastructure infrastructure)
			throws Exception {
		Map<String, String> tampered = twilioForm();
		tampered.put("Body", "Hello, my order #43 is late!");
		tampered.put("MessageSid", "SMtampered");

		HttpResponse<String> wrong = postTwilio(TWILIO, tampered, TWILIO_SIGNATURE);
		HttpResponse<String> missing = postTwilio(TWILIO, tampered, null);

		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(IntakeHttp.json(wrong).get("detail").asString()).isEqualTo("Wrong X-Twilio-Signature");
		assertThat(missing.statusCode()).isEqualTo(401);
		assertThat(IntakeHttp.json(missing).get("detail").asString()).isEqualTo("Missing X-Twilio-Signature");
		String wouldBeId = io.tributary.intake.acceptance.MessageIds.of(Channel.WHATSAPP, "twilio", "+14155552671",
				"SMtampered");
		assertThat(ChannelTestSupport.all(infrastructure, Topic.RAW_MESSAGES, wouldBeId)).isEmpty();
	}

	@Test
	void metaHandshakeEchoesTheChallengeOnlyForTheRightToken() throws Exception {
		HttpResponse<String> ok = this.http
			.get(META + "?hub.mode=subscribe&hub.verify_token=test-verify-token&hub.challenge=1158201444");
		HttpResponse<String> wrong = this.http
			.get(META + "?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");

		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.body()).isEqualTo("1158201444");
		assertThat(wrong.statusCode()).isEqualTo(403);
	}

	@Test
	void metaBatchOfThreeMessagesGivesThreeRecordsAndRecordsTheStatus(SharedInfrastructure infrastructure)
			throws Exception {
		HttpResponse<String> response = this.http.post(META, "application/json", fixture("meta-batch.json"),
				Map.of("X-Hub-Signature-256", META_SIGNATURE));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode result = IntakeHttp.json(response);
		assertThat(result.get("statuses").asInt()).isEqualTo(1);
		assertThat(result.get("rejected")).isEmpty();
		List<String> ids = result.get("accepted").valueStream().map((a) -> a.get("messageId").asString()).toList();
		assertThat(ids).hasSize(3).doesNotHaveDuplicates();

		MessageReceived text = raw(infrastructure, ids.get(0));
		assertThat(text.providerMessageId()).isEqualTo("wamid.TEST1");
		assertThat(text.contactKey()).isEqualTo("+34600111222");
		assertThat(text.sender().name()).isEqualTo("Ana Ruiz");
		assertThat(text.body()).isEqualTo("Hola, necesito ayuda");
		MessageReceived image = raw(infrastructure, ids.get(1));
		assertThat(image.body()).isEqualTo("Broken item");
		assertThat(image.attachments()).containsExactly(new Attachment(null, "image/jpeg", 0));
		assertThat(image.attributes()).containsEntry("media.0.id", "1479537139650973");
		assertThat(raw(infrastructure, ids.get(2)).body()).isEqualTo("Yes, refund me");
	}

	@Test
	void metaDeliveryWithAWrongSignatureIsRefused() throws Exception {
		byte[] body = fixture("meta-batch.json");
		body[body.length - 3] = ' ';

		HttpResponse<String> response = this.http.post(META, "application/json", body,
				Map.of("X-Hub-Signature-256", META_SIGNATURE));

		assertThat(response.statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> postTwilio(String path, Map<String, String> form, String signature) throws Exception {
		String body = form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return this.http.post(path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8),
				(signature != null) ? Map.of("X-Twilio-Signature", signature) : Map.of());
	}

	private static Map<String, String> twilioForm() {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("MessageSid", "SM0123456789abcdef0123456789abcdef");
		form.put("From", "whatsapp:+14155552671");
		form.put("To", "whatsapp:+14155238886");
		form.put("Body", "Hello, my order #42 is late!");
		form.put("NumMedia", "0");
		form.put("ProfileName", "Ana");
		return form;
	}

	private static byte[] fixture(String name) throws Exception {
		try (InputStream in = WhatsAppIntegrationTests.class.getResourceAsStream("/fixtures/" + name)) {
			return in.readAllBytes();
		}
	}

}
