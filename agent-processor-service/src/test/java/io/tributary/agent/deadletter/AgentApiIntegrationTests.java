package io.tributary.agent.deadletter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tributary.agent.ticket.TicketProperties;
import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.serde.EventDeserializer;
import io.tributary.events.serde.EventOrBytesSerializer;
import io.tributary.events.operations.AuditEntryRecorded;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.events.ticket.TicketStatus;
import io.tributary.events.ticket.TicketStatusChanged;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.MessageStatus;
import io.tributary.kit.progress.Stage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AgentApiIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final String JWT_SECRET = "test-only-hmac-secret-of-32-bytes-or-more";

	private static final String DLT = Topic.NORMALIZED_MESSAGES.deadLetterTopicName();

	@LocalServerPort
	private int port;

	@Autowired
	private MessageProgress progress;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private TicketProperties ticketProperties;

	@Test
	void readEndpointsNeedAKeyAndShowTheTicketAndCustomer(SharedInfrastructure infrastructure) throws Exception {
		MessageNormalized message = message("api");
		publish(infrastructure, Topic.NORMALIZED_MESSAGES.topicName(), message);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.progress.read(message.messageId())
				.map((status) -> status.reachedAt().containsKey(Stage.REPLIED))
				.orElse(false));
		Map<String, String> details = this.progress.read(message.messageId()).orElseThrow().details();

		assertThat(call("GET", "/api/v1/tickets/" + details.get("ticketId"), null, null).statusCode()).isEqualTo(401);
		HttpResponse<String> ticket = call("GET", "/api/v1/tickets/" + details.get("ticketId"), "test-read-key", null);
		assertThat(ticket.statusCode()).isEqualTo(200);
		JsonNode view = JsonMapper.shared().readTree(ticket.body());
		assertThat(view.get("customerId").asString()).isEqualTo(details.get("customerId"));
		assertThat(view.get("messages").get(0).get("messageId").asString()).isEqualTo(message.messageId());
		assertThat(view.get("replies").get(0).asString()).isEqualTo("rep-" + message.messageId());
		assertThat(view.get("history").valueStream().map((h) -> h.get("status").asString())).containsExactly("OPEN",
				"REPLIED");

		JsonNode customer = JsonMapper.shared()
			.readTree(call("GET", "/api/v1/customers/" + details.get("customerId"), "test-read-key", null).body());
		assertThat(customer.get("contacts").get(0).asString()).isEqualTo(message.contactKey());
		assertThat(customer.get("tickets").get(0).asString()).isEqualTo(details.get("ticketId"));
		assertThat(call("GET", "/api/v1/tickets/tkt-none", "test-read-key", null).statusCode()).isEqualTo(404);
	}

	@Test
	void adminEndpointsNeedAnAdminKey() throws Exception {
		assertThat(call("GET", "/api/v1/admin/dead-letters/" + DLT, null, null).statusCode()).isEqualTo(401);
		HttpResponse<String> forbidden = call("GET", "/api/v1/admin/dead-letters/" + DLT, "test-read-key", null);
		assertThat(forbidden.statusCode()).isEqualTo(403);
		assertThat(forbidden.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(call("GET", "/api/v1/admin/dead-letters/not-a-dlt", "test-admin-key", null).statusCode())
			.isEqualTo(404);
	}

	@Test
	void adminEndpointsAcceptASignedBearerTokenWithTheAdminRole() throws Exception {
		String path = "/api/v1/admin/dead-letters/" + DLT;
		Instant now = Instant.now();

		assertThat(bearer(path, token(JWT_SECRET, List.of("ADMIN"), now.plusSeconds(300))).statusCode()).isEqualTo(200);
		assertThat(bearer(path, token(JWT_SECRET, List.of("READ"), now.plusSeconds(300))).statusCode()).isEqualTo(403);
		assertThat(bearer(path, token(JWT_SECRET, List.of("ADMIN"), now.minusSeconds(300))).statusCode()).as("expired")
			.isEqualTo(401);
		HttpResponse<String> forged = bearer(path,
				token("another-secret-that-is-also-32-bytes-long", List.of("ADMIN"), now.plusSeconds(300)));
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void replayingAFixedDeadLetterTwiceGivesExactlyOneTicket(SharedInfrastructure infrastructure) throws Exception {
		MessageNormalized message = message("replay");
		ProducerRecord<String, Object> letter = new ProducerRecord<>(DLT, 0, message.contactKey(), message);
		letter.headers().add("kafka_dlt-exception-message", "Redis unavailable during a bad deploy".getBytes());
		letter.headers().add("kafka_dlt-original-topic", Topic.NORMALIZED_MESSAGES.topicName().getBytes());
		// As Spring Kafka's DeadLetterPublishingRecoverer writes it: an 8-byte long.
		letter.headers().add("kafka_dlt-original-offset", ByteBuffer.allocate(Long.BYTES).putLong(42).array());
		publishRecord(infrastructure, letter);
		this.progress.record(message.messageId(), Stage.REJECTED, Map.of("reason", "could not be placed: timeout"));

		JsonNode listed = JsonMapper.shared()
			.readTree(call("GET", "/api/v1/admin/dead-letters/" + DLT + "?limit=1000", "test-admin-key", null).body());
		JsonNode ours = listed.valueStream()
			.filter((view) -> ("norm-" + message.messageId()).equals(view.path("eventId").asString("")))
			.findFirst()
			.orElseThrow();
		assertThat(ours.get("reason").asString()).isEqualTo("Redis unavailable during a bad deploy");
		assertThat(ours.get("originalOffset").asLong()).isEqualTo(42);
		String one = "{\"partition\":0,\"fromOffset\":" + ours.get("offset").asLong() + ",\"toOffset\":"
				+ ours.get("offset").asLong() + "}";

		HttpResponse<String> first = call("POST", "/api/v1/admin/dead-letters/" + DLT + "/replay", "test-admin-key",
				one);
		assertThat(JsonMapper.shared().readTree(first.body()).get("replayed").asInt()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.progress.read(message.messageId())
				.map((status) -> status.reachedAt().containsKey(Stage.TICKETED))
				.orElse(false));
		// The status follows the replay: no longer rejected, the earlier reason kept.
		MessageStatus replayed = this.progress.read(message.messageId()).orElseThrow();
		assertThat(replayed.stage()).isNotEqualTo(Stage.REJECTED);
		assertThat(replayed.details()).doesNotContainKey("reason")
			.containsEntry(MessageProgress.REJECTED_BEFORE_REPLAY, "could not be placed: timeout");
		call("POST", "/api/v1/admin/dead-letters/" + DLT + "/replay", "test-admin-key", one);

		List<?> requests = TopicReader.read(infrastructure.kafka().bootstrapServers(), Topic.TICKETS_IN.topicName(),
				new EventDeserializer(), (record) -> record.value() instanceof TicketRequested request
						&& request.messageId().equals(message.messageId()),
				2, Duration.ofSeconds(8));
		assertThat(requests).hasSize(1);
	}

	@Test
	void aPersonClosesAnEscalatedTicketAndTheCustomersNextMessageOpensANewOne(SharedInfrastructure infrastructure)
			throws Exception {
		String contact = "close-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		MessageNormalized escalating = message("close", contact, "I want to talk to a human about my invoice.");
		MessageNormalized answerable = message("close", contact, "Can I get a copy of my invoice?");
		publishAndAwait(infrastructure, escalating, Stage.REPLIED);
		publishAndAwait(infrastructure, answerable, Stage.REPLIED);
		String ticketId = this.progress.read(escalating.messageId()).orElseThrow().details().get("ticketId");
		assertThat(this.progress.read(answerable.messageId()).orElseThrow().details()).containsEntry("ticketId",
				ticketId);
		String path = "/api/v1/tickets/" + ticketId + "/close";
		String body = "{\"reason\":\"Refund issued by phone\"}";

		assertThat(call("POST", path, null, body).statusCode()).isEqualTo(401);
		assertThat(call("POST", path, "test-read-key", body).statusCode()).isEqualTo(403);
		assertThat(call("POST", "/api/v1/tickets/tkt-none/close", "test-admin-key", body).statusCode()).isEqualTo(404);
		HttpResponse<String> tooLong = call("POST", path, "test-admin-key", "{\"reason\":\"" + "x".repeat(501) + "\"}");
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(tooLong.body()).contains("at most 500 characters");
		HttpResponse<String> closed = call("POST", path, "test-admin-key", body);
		assertThat(closed.statusCode()).isEqualTo(200);
		JsonNode view = JsonMapper.shared().readTree(closed.body());
		assertThat(view.get("status").asString()).isEqualTo("CLOSED");
		// The automatic answer to the second message did not hand the escalated ticket
		// back.
		assertThat(view.get("history").valueStream().map((h) -> h.get("status").asString())).containsExactly("OPEN",
				"ESCALATED", "CLOSED");
		assertThat(view.get("history").get(2).get("reason").asString()).isEqualTo("Refund issued by phone");
		assertThat(call("POST", path, "test-admin-key", body).statusCode()).as("closing again").isEqualTo(200);

		List<TicketStatusChanged> moves = TopicReader
			.read(infrastructure.kafka().bootstrapServers(), Topic.TICKETS_OUT.topicName(), new EventDeserializer(),
					(record) -> record.value() instanceof TicketStatusChanged change
							&& change.ticketId().equals(ticketId),
					5, Duration.ofSeconds(8))
			.stream()
			.map((record) -> (TicketStatusChanged) record.value())
			.toList();
		assertThat(moves).extracting(TicketStatusChanged::status)
			.containsExactly(TicketStatus.OPEN, TicketStatus.ESCALATED, TicketStatus.CLOSED, TicketStatus.CLOSED);
		assertThat(moves.get(2).previousStatus()).isEqualTo(TicketStatus.ESCALATED);
		assertThat(moves.get(3).metadata().eventId()).as("closing again repeats the same event")
			.isEqualTo(moves.get(2).metadata().eventId());
		AuditEntryRecorded audit = (AuditEntryRecorded) TopicReader
			.read(infrastructure.kafka().bootstrapServers(), Topic.AUDIT.topicName(), new EventDeserializer(),
					(record) -> record.value() instanceof AuditEntryRecorded entry
							&& entry.action().equals("ticket.closed") && ticketId.equals(entry.ticketId()),
					1, Duration.ofSeconds(30))
			.get(0)
			.value();
		assertThat(audit.details()).containsEntry("previousStatus", "ESCALATED").containsEntry("by", "api-key:ADMIN");

		MessageNormalized after = message("close", contact, "Hello again, where is my parcel?");
		publishAndAwait(infrastructure, after, Stage.TICKETED);
		String newTicket = this.progress.read(after.messageId()).orElseThrow().details().get("ticketId");
		assertThat(newTicket).isNotEqualTo(ticketId);

		// The closed ticket's keys expire after the closed retention; the open one's
		// stay.
		List<String> closedKeys = Stream.of("", ":messages", ":history", ":changes", ":replies")
			.map((part) -> "ticket:{" + ticketId + "}" + part)
			.toList();
		for (String key : closedKeys) {
			assertThat(this.redis.getExpire(key, TimeUnit.MILLISECONDS)).as(key)
				.isBetween(1L, this.ticketProperties.closedRetention().toMillis());
		}
		assertThat(this.redis.getExpire("ticket:{" + newTicket + "}", TimeUnit.MILLISECONDS)).isEqualTo(-1L);
		// Once they have expired, the ticket is gone and the customer lists only the
		// other.
		this.redis.delete(closedKeys);
		assertThat(call("GET", "/api/v1/tickets/" + ticketId, "test-read-key", null).statusCode()).isEqualTo(404);
		String customerId = this.progress.read(after.messageId()).orElseThrow().details().get("customerId");
		JsonNode customer = JsonMapper.shared()
			.readTree(call("GET", "/api/v1/customers/" + customerId, "test-read-key", null).body());
		assertThat(customer.get("tickets").valueStream().map(JsonNode::asString)).containsExactly(newTicket);
	}

	@Test
	void dataOfTheWrongTypeInRedisIsAServerErrorNotARetry() throws Exception {
		// Not what the service writes: a ticket's key holding a string, as a hand edit
		// or a key clash might leave it. Repeating the request cannot help, so the
		// answer must not say it would (503 with Retry-After).
		String ticketId = "tkt-" + UUID.randomUUID();
		this.redis.opsForValue().set("ticket:{" + ticketId + "}", "not a hash");

		for (HttpResponse<String> response : List.of(call("GET", "/api/v1/tickets/" + ticketId, "test-read-key", null),
				call("POST", "/api/v1/tickets/" + ticketId + "/close", "test-admin-key", "{\"reason\":\"x\"}"))) {
			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.headers().firstValue("Retry-After")).isEmpty();
			JsonNode problem = JsonMapper.shared().readTree(response.body());
			assertThat(problem.get("detail").asString()).contains("WRONGTYPE").contains("will not help");
		}
		assertThat(this.redis.opsForValue().get("ticket:{" + ticketId + "}")).isEqualTo("not a hash");
	}

	private void publishAndAwait(SharedInfrastructure infrastructure, MessageNormalized message, Stage stage)
			throws Exception {
		publish(infrastructure, Topic.NORMALIZED_MESSAGES.topicName(), message);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.progress.read(message.messageId())
				.map((status) -> status.reachedAt().containsKey(stage))
				.orElse(false));
	}

	private HttpResponse<String> call(String method, String path, String key, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (key != null) {
			request.header("X-API-Key", key);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> bearer(String path, String token) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Bearer " + token)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A token signed independently of the code under test, with Nimbus directly. */
	private static String token(String secret, List<String> roles, Instant expiry) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
				new JWTClaimsSet.Builder().subject("ops-console")
					.claim("roles", roles)
					.issueTime(Date.from(expiry.minusSeconds(600)))
					.expirationTime(Date.from(expiry))
					.build());
		jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

	private static MessageNormalized message(String prefix) {
		return message(prefix, prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
				"Can I get a copy of my invoice?");
	}

	private static MessageNormalized message(String prefix, String contact, String text) {
		String id = "msg-" + prefix + "-" + UUID.randomUUID();
		return new MessageNormalized(EventMetadata.first(id, Instant.now()).next("norm-" + id, Instant.now()), id,
				Channel.WEB_FORM, "test", null, contact, "Ana", contact, null, "Invoice", text, EmailThreading.none(),
				List.of(), "sha256:" + id, Instant.now());
	}

	private static void publish(SharedInfrastructure infrastructure, String topic, MessageNormalized message)
			throws Exception {
		publishRecord(infrastructure, new ProducerRecord<>(topic, message.contactKey(), message));
	}

	private static void publishRecord(SharedInfrastructure infrastructure, ProducerRecord<String, Object> record)
			throws Exception {
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new EventOrBytesSerializer())) {
			producer.send(record).get(30, TimeUnit.SECONDS);
		}
	}

}
