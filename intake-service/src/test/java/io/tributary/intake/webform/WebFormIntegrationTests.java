package io.tributary.intake.webform;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tributary.events.Channel;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.serde.CloudEventHeaders;
import io.tributary.events.serde.EventDeserializer;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.intake.IntakeHttp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebFormIntegrationTests {

	private static final String PATH = "/api/v1/channels/web-form/messages";

	@LocalServerPort
	private int port;

	private IntakeHttp http;

	@BeforeEach
	void client() {
		this.http = new IntakeHttp(this.port);
	}

	@Test
	void acceptedSubmissionIsStoredRawKeyedByContactWithCloudEventHeaders(SharedInfrastructure infrastructure)
			throws Exception {
		String email = "Ana." + UUID.randomUUID() + "@Example.COM";

		HttpResponse<String> response = this.http.postJson(PATH, form(email, "+34 600 111 222"), Map.of());

		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode body = IntakeHttp.json(response);
		String messageId = body.get("messageId").asString();
		assertThat(body.get("correlationId").asString()).isEqualTo(messageId);
		assertThat(body.get("statusUrl").asString()).isEqualTo("/api/v1/messages/" + messageId);
		assertThat(response.headers().firstValue("Location")).contains("/api/v1/messages/" + messageId);

		ConsumerRecord<String, TributaryEvent> record = rawRecord(infrastructure, messageId);
		MessageReceived raw = (MessageReceived) record.value();
		assertThat(record.key()).isEqualTo(email.toLowerCase());
		assertThat(raw.channel()).isEqualTo(Channel.WEB_FORM);
		assertThat(raw.sender().phone()).isEqualTo("+34 600 111 222");
		assertThat(raw.attributes()).containsEntry("category", "billing");
		assertThat(CloudEventHeaders.text(record.headers(), "ce_type")).isEqualTo("io.tributary.message.received.v1");
		assertThat(CloudEventHeaders.text(record.headers(), "ce_source")).isEqualTo("/tributary/intake-service");

		JsonNode status = IntakeHttp.json(this.http.get("/api/v1/messages/" + messageId));
		// The normalizer may already have moved it on; what matters is that reception was
		// recorded.
		assertThat(status.get("reachedAt").has("RECEIVED")).isTrue();
		assertThat(status.get("stage").asString()).isIn("RECEIVED", "NORMALIZED");
		assertThat(status.get("details").get("channel").asString()).isEqualTo("WEB_FORM");
	}

	@Test
	void sameIdempotencyKeyGivesTheSameMessageId() throws Exception {
		String email = "retry-" + UUID.randomUUID() + "@example.com";
		Map<String, String> key = Map.of("Idempotency-Key", "form-" + UUID.randomUUID());

		String first = IntakeHttp.json(this.http.postJson(PATH, form(email, null), key)).get("messageId").asString();
		JsonNode before = IntakeHttp.json(this.http.get("/api/v1/messages/" + first));
		String second = IntakeHttp.json(this.http.postJson(PATH, form(email, null), key)).get("messageId").asString();
		String withoutKey = IntakeHttp.json(this.http.postJson(PATH, form(email, null), Map.of()))
			.get("messageId")
			.asString();

		assertThat(second).isEqualTo(first);
		assertThat(withoutKey).isNotEqualTo(first);
		// The status keeps when the message was first received, and counts the repeat.
		JsonNode after = IntakeHttp.json(this.http.get("/api/v1/messages/" + first));
		assertThat(after.get("reachedAt").get("RECEIVED").asString())
			.isEqualTo(before.get("reachedAt").get("RECEIVED").asString());
		assertThat(after.get("details").get("repeats").asString()).isEqualTo("1");
		assertThat(before.get("details").has("repeats")).isFalse();
	}

	@Test
	void anIdempotencyKeyUsedAgainForADifferentMessageIsRefusedAndNothingOfItIsPublished(
			SharedInfrastructure infrastructure) throws Exception {
		String email = "reuse-" + UUID.randomUUID() + "@example.com";
		Map<String, String> key = Map.of("Idempotency-Key", "form-" + UUID.randomUUID());
		String other = form(email, null).replace("Where is my refund?", "A second, different question");

		HttpResponse<String> first = this.http.postJson(PATH, form(email, null), key);
		HttpResponse<String> reused = this.http.postJson(PATH, other, key);
		// Not a different spelling of the same form: JSON whitespace does not count.
		HttpResponse<String> repeated = this.http.postJson(PATH, form(email, null).replace(",", ", "), key);

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(reused.statusCode()).isEqualTo(422);
		assertThat(reused.headers().firstValue("Content-Type")).contains("application/problem+json");
		assertThat(IntakeHttp.json(reused).get("detail").asString()).contains("Idempotency-Key")
			.contains("different request");
		assertThat(repeated.statusCode()).isEqualTo(202);
		String messageId = IntakeHttp.json(first).get("messageId").asString();
		assertThat(IntakeHttp.json(repeated).get("messageId").asString()).isEqualTo(messageId);
		List<ConsumerRecord<String, TributaryEvent>> published = TopicReader.read(
				infrastructure.kafka().bootstrapServers(), Topic.RAW_MESSAGES.topicName(), new EventDeserializer(),
				(record) -> email.equals(record.key()), 3, Duration.ofSeconds(10));
		assertThat(published).hasSize(2)
			.allSatisfy(
					(record) -> assertThat(((MessageReceived) record.value()).body()).isEqualTo("Where is my refund?"));
	}

	@Test
	void whileRedisIsDownAKeyedFormIsAcceptedUnchecked(SharedInfrastructure infrastructure) throws Exception {
		String email = "unchecked-" + UUID.randomUUID() + "@example.com";
		HttpResponse<String> response;
		infrastructure.redis().stop();
		try {
			response = this.http.postJson(PATH, form(email, null),
					Map.of("Idempotency-Key", "form-" + UUID.randomUUID()));
		}
		finally {
			infrastructure.redis().start();
		}

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		rawRecord(infrastructure, IntakeHttp.json(response).get("messageId").asString());
	}

	@Test
	void everyInvalidFieldIsListed() throws Exception {
		HttpResponse<String> response = this.http.postJson(PATH,
				"{\"name\":\"\",\"email\":\"not-an-email\",\"phone\":\"12\",\"subject\":\"Hi\",\"message\":\"\"}",
				Map.of());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
		JsonNode problem = IntakeHttp.json(response);
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		List<String> fields = problem.get("errors")
			.valueStream()
			.map((error) -> error.get("field").asString())
			.toList();
		assertThat(fields).containsExactly("email", "message", "name", "phone");
	}

	@Test
	void unknownMessageIsNotFound() throws Exception {
		HttpResponse<String> response = this.http.get("/api/v1/messages/msg-unknown");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(IntakeHttp.json(response).get("messageId").asString()).isEqualTo("msg-unknown");
	}

	static String form(String email, String phone) {
		return "{\"name\":\"Ana Ruiz\",\"email\":\"" + email + "\""
				+ ((phone != null) ? ",\"phone\":\"" + phone + "\"" : "")
				+ ",\"subject\":\"Refund\",\"message\":\"Where is my refund?\",\"category\":\"billing\"}";
	}

	private static ConsumerRecord<String, TributaryEvent> rawRecord(SharedInfrastructure infrastructure,
			String messageId) {
		List<ConsumerRecord<String, TributaryEvent>> records = TopicReader.read(
				infrastructure.kafka().bootstrapServers(), Topic.RAW_MESSAGES.topicName(), new EventDeserializer(),
				(record) -> ((MessageReceived) record.value()).messageId().equals(messageId), 1,
				Duration.ofSeconds(30));
		assertThat(records).hasSize(1);
		return records.get(0);
	}

}
