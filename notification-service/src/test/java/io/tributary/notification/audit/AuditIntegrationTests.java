package io.tributary.notification.audit;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tributary.events.EventMetadata;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.operations.AuditEntryRecorded;
import io.tributary.events.serde.CloudEventHeaders;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.notification.support.NotificationIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail through the real broker and Redis: entries as the three services write
 * them, queried over HTTP.
 */
class AuditIntegrationTests extends NotificationIntegrationTest {

	private static final int ONE_BY_ONE = 40;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private StringRedisTemplate redis;

	@Test
	void entriesFromThreeServicesAreQueryableByCorrelationTicketAndCustomer(SharedInfrastructure infrastructure)
			throws Exception {
		String messageId = "msg-" + UUID.randomUUID();
		String ticketId = "tkt-" + UUID.randomUUID();
		String customerId = "cus-" + UUID.randomUUID();
		Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		EventMetadata first = EventMetadata.first(messageId, received);
		AuditEntryRecorded accepted = new AuditEntryRecorded(first.next("audit-accepted-" + messageId, received),
				"intake-service", "message.accepted", messageId, null, null, Map.of("channel", "EMAIL"));
		AuditEntryRecorded opened = new AuditEntryRecorded(
				first.next("audit-opened-" + messageId, received.plusMillis(5)), "agent-processor-service",
				"ticket.opened", messageId, ticketId, customerId, Map.of("status", "OPEN", "category", "shipping"));
		AuditEntryRecorded delivered = new AuditEntryRecorded(
				first.next("audit-delivered-" + messageId, received.plusMillis(9)), "notification-service",
				"reply.delivered", messageId, ticketId, customerId, Map.of("replyId", "rep-" + messageId));

		// Delivered twice, as after a redelivery: stored once.
		publish(infrastructure, Topic.AUDIT.topicName(), messageId, delivered, accepted, opened, delivered);

		await().atMost(WAIT).until(() -> entries("correlationId=" + messageId).size() == 3);
		JsonNode byCorrelation = entries("correlationId=" + messageId);
		assertThat(byCorrelation.valueStream().map((entry) -> entry.get("service").asString()))
			.containsExactly("intake-service", "agent-processor-service", "notification-service");
		assertThat(byCorrelation.get(1).get("action").asString()).isEqualTo("ticket.opened");
		assertThat(byCorrelation.get(1).get("details").get("category").asString()).isEqualTo("shipping");
		assertThat(byCorrelation.get(0).get("occurredAt").asString()).isEqualTo(received.toString());
		assertThat(entries("ticketId=" + ticketId).valueStream().map((entry) -> entry.get("action").asString()))
			.containsExactly("ticket.opened", "reply.delivered");
		assertThat(entries("customerId=" + customerId)).hasSize(2);
		assertThat(entries(
				"correlationId=" + messageId + "&from=" + received.plusMillis(1) + "&to=" + received.plusMillis(5)))
			.hasSize(1);
		assertThat(entries("correlationId=" + messageId + "&limit=2")).hasSize(2);

		// Each entry is stored once, under its event id; the indexes hold only ids.
		String deliveredId = delivered.metadata().eventId();
		assertThat(this.redis.opsForZSet().range(AuditIndex.TICKET.key(ticketId), 0, -1))
			.containsExactly(opened.metadata().eventId(), deliveredId);
		assertThat(this.redis.opsForZSet().range(AuditIndex.CUSTOMER.key(customerId), 0, -1))
			.containsExactly(opened.metadata().eventId(), deliveredId);
		assertThat(this.redis.opsForValue().get(AuditStore.entryKey(deliveredId))).contains("\"reply.delivered\"");
		assertThat(this.redis.getExpire(AuditStore.entryKey(deliveredId))).isPositive();
	}

	@Test
	void anEntryWhoseIndexRedisRefusesIsDeadLetteredAndTheOthersAreStored(SharedInfrastructure infrastructure)
			throws Exception {
		String messageId = "msg-" + UUID.randomUUID();
		String ticketId = "tkt-" + UUID.randomUUID();
		Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		EventMetadata first = EventMetadata.first(messageId, received);
		AuditEntryRecorded refused = new AuditEntryRecorded(first.next("audit-opened-" + messageId, received),
				"agent-processor-service", "ticket.opened", messageId, ticketId, null, Map.of());
		AuditEntryRecorded after = new AuditEntryRecorded(
				first.next("audit-reply-" + messageId, received.plusMillis(3)), "agent-processor-service",
				"reply.prepared", messageId, null, null, Map.of());
		// The ticket's index key holds another type (a hand edit, a key clash).
		this.redis.opsForValue().set(AuditIndex.TICKET.key(ticketId), "not a sorted set");

		publish(infrastructure, Topic.AUDIT.topicName(), messageId, refused, after);

		// The entry after it is stored. (The refused one may be partly indexed: a
		// script's
		// writes before its error stay, and storing it again is harmless.)
		await().atMost(WAIT)
			.until(() -> entries("correlationId=" + messageId).valueStream()
				.anyMatch((entry) -> entry.get("action").asString().equals("reply.prepared")));
		List<ConsumerRecord<String, byte[]>> letters = TopicReader.read(infrastructure.kafka().bootstrapServers(),
				Topic.AUDIT.deadLetterTopicName(), new ByteArrayDeserializer(),
				(record) -> refused.metadata()
					.eventId()
					.equals(CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID)),
				1, WAIT);
		assertThat(letters).hasSize(1);
		assertThat(CloudEventHeaders.text(letters.get(0).headers(), "kafka_dlt-exception-message"))
			.startsWith("could not be stored: Redis refused the command: ")
			.contains("WRONGTYPE");
	}

	@Test
	void aTrailStoredBeforeEntriesWereStoredOnceIsStillRead(SharedInfrastructure infrastructure) throws Exception {
		String messageId = "msg-" + UUID.randomUUID();
		Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		// As the earlier layout stored it: the entry's JSON as the set member.
		String earlier = "{\"eventId\":\"audit-earlier-" + messageId + "\",\"occurredAt\":\"" + received
				+ "\",\"service\":\"intake-service\",\"action\":\"message.accepted\",\"correlationId\":\"" + messageId
				+ "\",\"causationId\":\"" + messageId + "\",\"messageId\":\"" + messageId + "\",\"details\":{}}";
		this.redis.opsForZSet().add(AuditIndex.CORRELATION.key(messageId), earlier, received.toEpochMilli());
		EventMetadata first = EventMetadata.first(messageId, received);
		AuditEntryRecorded opened = new AuditEntryRecorded(
				first.next("audit-opened-" + messageId, received.plusMillis(5)), "agent-processor-service",
				"ticket.opened", messageId, null, null, Map.of());

		publish(infrastructure, Topic.AUDIT.topicName(), messageId, opened);

		await().atMost(WAIT).until(() -> entries("correlationId=" + messageId).size() == 2);
		assertThat(entries("correlationId=" + messageId).valueStream().map((entry) -> entry.get("action").asString()))
			.containsExactly("message.accepted", "ticket.opened");
	}

	@Test
	void entriesArrivingOneByOneAreStoredInFewBatches(SharedInfrastructure infrastructure) throws Exception {
		String messageId = "msg-" + UUID.randomUUID();
		Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		EventMetadata first = EventMetadata.first(messageId, received);
		AuditEntryRecorded[] entries = new AuditEntryRecorded[ONE_BY_ONE];
		for (int i = 0; i < ONE_BY_ONE; i++) {
			entries[i] = new AuditEntryRecorded(first.next("audit-step-" + i + "-" + messageId, received.plusMillis(i)),
					"agent-processor-service", "ticket.step", messageId, null, null, Map.of("step", "" + i));
		}
		long batchesBefore = auditBatches();

		// Each send waits for the broker's acknowledgement, so the entries trickle in
		// as a service writes them. Without the audit consumer's batching fetches, each
		// one found the consumer waiting and became a transaction of its own (a batch
		// of one or two).
		publish(infrastructure, Topic.AUDIT.topicName(), messageId, entries);

		await().atMost(WAIT).until(() -> entries("correlationId=" + messageId).size() == ONE_BY_ONE);
		await().atMost(WAIT).until(() -> auditBatches() > batchesBefore);
		assertThat(auditBatches() - batchesBefore).as("poll batches for %d entries", ONE_BY_ONE).isLessThanOrEqualTo(5);
	}

	private long auditBatches() {
		return this.meters.find("spring.kafka.listener")
			.timers()
			.stream()
			.filter((timer) -> String.valueOf(timer.getId().getTag("name")).startsWith("notification-audit"))
			.mapToLong(Timer::count)
			.sum();
	}

	@Test
	void theTrailNeedsCredentialsAndCannotBeChanged() throws Exception {
		String path = "/api/v1/audit?correlationId=msg-anything";

		assertThat(call("GET", path, null).statusCode()).isEqualTo(401);
		for (String method : new String[] { "POST", "PUT", "PATCH", "DELETE" }) {
			assertThat(call(method, path, null).statusCode()).as(method + " without key").isEqualTo(401);
			assertThat(call(method, path, "test-read-key").statusCode()).as(method + " with a read key").isEqualTo(403);
			HttpResponse<String> admin = call(method, path, "test-admin-key");
			assertThat(admin.statusCode()).as(method + " with an admin key").isEqualTo(405);
		}
	}

	@Test
	void aQueryMustSayWhatItLooksFor() throws Exception {
		HttpResponse<String> none = call("GET", "/api/v1/audit", "test-read-key");
		assertThat(none.statusCode()).isEqualTo(400);
		assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(JsonMapper.shared().readTree(none.body()).get("detail").asString())
			.contains("exactly one of correlationId, ticketId, customerId");
		assertThat(call("GET", "/api/v1/audit?ticketId=t&customerId=c", "test-read-key").statusCode()).isEqualTo(400);
		assertThat(call("GET", "/api/v1/audit?ticketId=t&limit=0", "test-read-key").statusCode()).isEqualTo(400);
		assertThat(call("GET", "/api/v1/audit?ticketId=t&from=yesterday", "test-read-key").statusCode()).isEqualTo(400);
	}

	private JsonNode entries(String query) throws Exception {
		HttpResponse<String> response = call("GET", "/api/v1/audit?" + query, "test-read-key");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body()).get("entries");
	}

}
