package io.tributary.intake.email;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.tributary.events.Attachment;
import io.tributary.events.Channel;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.BodyFormat;
import io.tributary.events.message.MessageNormalized;
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

import static io.tributary.intake.ChannelTestSupport.normalized;
import static io.tributary.intake.ChannelTestSupport.raw;
import static org.assertj.core.api.Assertions.assertThat;

@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmailIntegrationTests {

	@LocalServerPort
	private int port;

	private IntakeHttp http;

	@BeforeEach
	void client() {
		this.http = new IntakeHttp(this.port);
	}

	@Test
	void mimeMessageIsDecodedThreadedAndTrimmed(SharedInfrastructure infrastructure) throws Exception {
		HttpResponse<String> response = this.http.post("/api/v1/channels/email/mime", "message/rfc822",
				fixture("alternative.eml"), Map.of());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		String messageId = IntakeHttp.json(response).get("messageId").asString();
		MessageReceived raw = raw(infrastructure, messageId);
		assertThat(raw.channel()).isEqualTo(Channel.EMAIL);
		assertThat(raw.provider()).isEqualTo("mime");
		assertThat(raw.sender().name()).isEqualTo("Ana Rúiz");
		assertThat(raw.contactKey()).isEqualTo("ana.ruiz@example.com");
		assertThat(raw.subject()).isEqualTo("Devolución del pedido");
		assertThat(raw.bodyFormat()).isEqualTo(BodyFormat.TEXT);
		assertThat(raw.body()).startsWith("Hola, ¿dónde está mi devolución?");
		assertThat(raw.threading().messageIdHeader()).isEqualTo("CAF-123@mail.example.com");
		assertThat(raw.threading().inReplyTo()).isEqualTo("reply-1@tributary.example");
		assertThat(raw.threading().references()).containsExactly("root-1@tributary.example",
				"reply-1@tributary.example");
		assertThat(raw.attachments()).containsExactly(new Attachment("factura nº1.pdf", "application/pdf", 69));

		MessageNormalized normalized = normalized(infrastructure, messageId);
		assertThat(normalized.text()).isEqualTo("Hola, ¿dónde está mi devolución?");
	}

	@Test
	void htmlOnlyMailBecomesText(SharedInfrastructure infrastructure) throws Exception {
		HttpResponse<String> response = this.http.post("/api/v1/channels/email/mime", "message/rfc822",
				fixture("html-only.eml"), Map.of());

		String messageId = IntakeHttp.json(response).get("messageId").asString();
		assertThat(raw(infrastructure, messageId).bodyFormat()).isEqualTo(BodyFormat.HTML);
		assertThat(normalized(infrastructure, messageId).text()).isEqualTo("My screen is broken.\nPlease help.");
	}

	@Test
	void postmarkKeepsItsOwnIdForRetriesAndTheRfcIdForThreading(SharedInfrastructure infrastructure) throws Exception {
		String postmarkId = UUID.randomUUID().toString();
		String json = "{\"FromName\":\"Bo\",\"From\":\"Bo@Example.com\",\"FromFull\":{\"Email\":\"Bo@Example.com\","
				+ "\"Name\":\"Bo Chen\"},\"Subject\":\"Invoice\",\"MessageID\":\"" + postmarkId + "\",\"TextBody\":"
				+ "\"Send me the invoice\",\"HtmlBody\":\"<p>Send me the invoice</p>\",\"Headers\":[{\"Name\":"
				+ "\"Message-ID\",\"Value\":\"<pm-rfc-1@mail.example.com>\"},{\"Name\":\"In-Reply-To\",\"Value\":"
				+ "\"<t-1@tributary.example>\"}],\"Attachments\":[{\"Name\":\"a.txt\",\"Content\":\"aGk=\","
				+ "\"ContentType\":\"text/plain\",\"ContentLength\":2}],\"UnknownField\":{\"x\":1}}";

		HttpResponse<String> first = this.http.postJson("/api/v1/channels/email/postmark", json, Map.of());
		HttpResponse<String> retry = this.http.postJson("/api/v1/channels/email/postmark", json, Map.of());

		assertThat(first.statusCode()).isEqualTo(202);
		String messageId = IntakeHttp.json(first).get("messageId").asString();
		assertThat(IntakeHttp.json(retry).get("messageId").asString()).isEqualTo(messageId);
		// Intake stores both deliveries (it cannot know which one the provider saw fail);
		// the shared
		// messageId is what lets the processor recognise the second as a repeat.
		assertThat(ChannelTestSupport.all(infrastructure, Topic.RAW_MESSAGES, messageId)).hasSize(2);
		MessageReceived raw = (MessageReceived) ChannelTestSupport.all(infrastructure, Topic.RAW_MESSAGES, messageId)
			.get(0)
			.value();
		assertThat(raw.providerMessageId()).isEqualTo(postmarkId);
		assertThat(raw.threading().messageIdHeader()).isEqualTo("pm-rfc-1@mail.example.com");
		assertThat(raw.threading().inReplyTo()).isEqualTo("t-1@tributary.example");
		assertThat(raw.sender().name()).isEqualTo("Bo Chen");
	}

	@Test
	void sendGridParsedModeDecodesFieldsInTheirDeclaredCharsets(SharedInfrastructure infrastructure) throws Exception {
		Multipart form = new Multipart().field("from", "Zoë <zoe@example.com>", StandardCharsets.UTF_8)
			.field("subject", "Réclamation", StandardCharsets.ISO_8859_1)
			.field("text", "Très en retard.", StandardCharsets.ISO_8859_1)
			.field("headers", "Message-ID: <sg-" + UUID.randomUUID() + "@example.com>\nIn-Reply-To: <t-9@x>\n",
					StandardCharsets.UTF_8)
			.field("charsets", "{\"subject\":\"iso-8859-1\",\"text\":\"iso-8859-1\",\"from\":\"UTF-8\"}",
					StandardCharsets.UTF_8)
			.field("attachment-info", "{\"attachment1\":{\"filename\":\"photo.jpg\",\"type\":\"image/jpeg\"}}",
					StandardCharsets.UTF_8)
			.file("attachment1", "photo.jpg", "image/jpeg", new byte[500]);

		HttpResponse<String> response = this.http.post("/api/v1/channels/email/sendgrid", form.contentType(),
				form.bytes(), Map.of());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		MessageReceived raw = raw(infrastructure, IntakeHttp.json(response).get("messageId").asString());
		assertThat(raw.provider()).isEqualTo("sendgrid");
		assertThat(raw.sender().name()).isEqualTo("Zoë");
		assertThat(raw.subject()).isEqualTo("Réclamation");
		assertThat(raw.body()).isEqualTo("Très en retard.");
		assertThat(raw.threading().inReplyTo()).isEqualTo("t-9@x");
		assertThat(raw.attachments()).containsExactly(new Attachment("photo.jpg", "image/jpeg", 500));
	}

	@Test
	void sendGridRawModeIsReadAsMime(SharedInfrastructure infrastructure) throws Exception {
		Multipart form = new Multipart().field("email",
				new String(fixture("html-only.eml"), StandardCharsets.UTF_8).replace("html-only-1", "sg-raw-1"),
				StandardCharsets.UTF_8);

		HttpResponse<String> response = this.http.post("/api/v1/channels/email/sendgrid", form.contentType(),
				form.bytes(), Map.of());

		MessageReceived raw = raw(infrastructure, IntakeHttp.json(response).get("messageId").asString());
		assertThat(raw.providerMessageId()).isEqualTo("sg-raw-1@example.com");
		assertThat(raw.bodyFormat()).isEqualTo(BodyFormat.HTML);
	}

	@Test
	void attachmentsOverTheLimitsAreReportedNotSilentlyDropped(SharedInfrastructure infrastructure) throws Exception {
		StringBuilder attachments = new StringBuilder();
		for (int i = 0; i < 5; i++) {
			attachments.append((i > 0) ? "," : "")
				.append("{\"Name\":\"f")
				.append(i)
				.append(".bin\",\"ContentType\":\"application/octet-stream\",\"ContentLength\":")
				.append((i == 0) ? 5000 : 10)
				.append('}');
		}
		String json = "{\"From\":\"many@example.com\",\"MessageID\":\"" + UUID.randomUUID()
				+ "\",\"TextBody\":\"see files\",\"Attachments\":[" + attachments + "]}";

		HttpResponse<String> response = this.http.postJson("/api/v1/channels/email/postmark", json, Map.of());

		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode body = IntakeHttp.json(response);
		assertThat(body.get("warnings").valueStream().map(JsonNode::asString)).containsExactly(
				"1 attachment(s) larger than 1024 bytes: f0.bin",
				"2 attachment(s) over the limit of 3 per message were not recorded");
		MessageReceived raw = raw(infrastructure, body.get("messageId").asString());
		assertThat(raw.attachments()).hasSize(3);
		assertThat(raw.attributes()).containsEntry("attachments.oversize", "f0.bin")
			.containsEntry("attachments.omitted", "2");
	}

	@Test
	void aMessageIdReusedForADifferentEmailGivesThatEmailAnIdOfItsOwn(SharedInfrastructure infrastructure)
			throws Exception {
		String rfcId = "reused-" + UUID.randomUUID() + "@mailer.example";
		byte[] first = mime(rfcId, "", "My order has not arrived.");
		byte[] second = mime(rfcId, "", "Please change my delivery address.");
		// A provider's retry of the second: the same email, one more transport header.
		byte[] secondRetried = mime(rfcId, "Received: from relay-2.example by mx.tributary.example\r\n",
				"Please change my delivery address.");

		String firstId = acceptedId(this.http.post("/api/v1/channels/email/mime", "message/rfc822", first, Map.of()));
		String secondId = acceptedId(this.http.post("/api/v1/channels/email/mime", "message/rfc822", second, Map.of()));
		String retryId = acceptedId(
				this.http.post("/api/v1/channels/email/mime", "message/rfc822", secondRetried, Map.of()));
		String firstAgainId = acceptedId(
				this.http.post("/api/v1/channels/email/mime", "message/rfc822", first, Map.of()));

		assertThat(secondId).isNotEqualTo(firstId);
		assertThat(retryId).isEqualTo(secondId);
		assertThat(firstAgainId).isEqualTo(firstId);
		assertThat(ChannelTestSupport.all(infrastructure, Topic.RAW_MESSAGES, secondId)).hasSize(2);
		MessageReceived firstRaw = (MessageReceived) ChannelTestSupport.all(infrastructure, Topic.RAW_MESSAGES, firstId)
			.get(0)
			.value();
		assertThat(firstRaw.body()).startsWith("My order has not arrived.");
		MessageReceived secondRaw = (MessageReceived) ChannelTestSupport
			.all(infrastructure, Topic.RAW_MESSAGES, secondId)
			.get(0)
			.value();
		assertThat(secondRaw.body()).startsWith("Please change my delivery address.");
		// Both keep the mailer's Message-ID for threading.
		assertThat(firstRaw.threading().messageIdHeader()).isEqualTo(rfcId);
		assertThat(secondRaw.threading().messageIdHeader()).isEqualTo(rfcId);
		assertThat(ChannelTestSupport.all(infrastructure, Topic.NORMALIZED_MESSAGES, secondId))
			.extracting((record) -> ((MessageNormalized) record.value()).text())
			.containsExactly("Please change my delivery address.", "Please change my delivery address.");
	}

	private static byte[] mime(String rfcId, String transportHeaders, String text) {
		return (transportHeaders + "From: Li Wei <li.wei@example.com>\r\nTo: support@tributary.example\r\n"
				+ "Subject: My order\r\nMessage-ID: <" + rfcId + ">\r\nContent-Type: text/plain; charset=UTF-8"
				+ "\r\n\r\n" + text + "\r\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static String acceptedId(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return IntakeHttp.json(response).get("messageId").asString();
	}

	private static byte[] fixture(String name) throws Exception {
		try (InputStream in = EmailIntegrationTests.class.getResourceAsStream("/fixtures/" + name)) {
			return in.readAllBytes();
		}
	}

}
