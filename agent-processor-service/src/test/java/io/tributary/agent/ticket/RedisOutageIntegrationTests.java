package io.tributary.agent.ticket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.serde.CloudEventHeaders;
import io.tributary.events.serde.EventDeserializer;
import io.tributary.events.serde.EventOrBytesSerializer;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.infra.junit.WithKafkaAndRedis;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis goes away in the middle of a stream and comes back: the stage retries (the
 * partition waits, readiness is DOWN), and afterwards every message has exactly one
 * ticket request: none lost, none doubled, none dead-lettered.
 */
@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RedisOutageIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void processingPausesWhileRedisIsDownAndResumesWithoutLossOrDuplicates(SharedInfrastructure infrastructure)
			throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<MessageNormalized> before = messages(run, 0, 20);
		List<MessageNormalized> during = messages(run, 20, 40);

		MessageNormalized letter = messages(run, 40, 41).get(0);
		publish(infrastructure, Topic.NORMALIZED_MESSAGES.deadLetterTopicName(), List.of(letter));
		publish(infrastructure, Topic.NORMALIZED_MESSAGES.topicName(), before);
		infrastructure.redis().stop();
		try {
			publish(infrastructure, Topic.NORMALIZED_MESSAGES.topicName(), during);
			await().atMost(Duration.ofSeconds(30)).until(() -> readinessStatus() == 503);
			// The API says the same, and that repeating later is safe.
			HttpResponse<String> ticket = HTTP
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/tickets/tkt-any"))
					.header("X-API-Key", "test-read-key")
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(ticket.statusCode()).isEqualTo(503);
			assertThat(ticket.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(ticket.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			// A dead letter's replay cannot take its message's rejection back: it answers
			// the same, and sends nothing (checked below).
			HttpResponse<String> replay = replay(letter);
			assertThat(replay.statusCode()).isEqualTo(503);
			assertThat(replay.headers().firstValue("Retry-After")).hasValue("5");
		}
		finally {
			infrastructure.redis().start();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> readinessStatus() == 200);

		Set<String> expected = new java.util.HashSet<>();
		before.forEach((m) -> expected.add(m.messageId()));
		during.forEach((m) -> expected.add(m.messageId()));
		List<TicketRequested> requests = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			requests.clear();
			TopicReader
				.read(infrastructure.kafka().bootstrapServers(), Topic.TICKETS_IN.topicName(), new EventDeserializer(),
						(record) -> record.value() instanceof TicketRequested request
								&& expected.contains(request.messageId()),
						expected.size(), Duration.ofSeconds(10))
				.forEach((record) -> requests.add((TicketRequested) record.value()));
			assertThat(requests.stream().map(TicketRequested::messageId).collect(Collectors.toSet()))
				.isEqualTo(expected);
		});
		// Read again to the end: still exactly one request per message.
		List<TicketRequested> all = TopicReader
			.read(infrastructure.kafka().bootstrapServers(), Topic.TICKETS_IN.topicName(), new EventDeserializer(),
					(record) -> record.value() instanceof TicketRequested request
							&& expected.contains(request.messageId()),
					Integer.MAX_VALUE, Duration.ofSeconds(5))
			.stream()
			.map((record) -> (TicketRequested) record.value())
			.toList();
		assertThat(all).hasSize(expected.size());
		assertThat(
				TopicReader
					.read(infrastructure.kafka().bootstrapServers(), Topic.NORMALIZED_MESSAGES.topicName(),
							new EventDeserializer(),
							(record) -> record.value() instanceof MessageNormalized message
									&& message.messageId().equals(letter.messageId()),
							1, Duration.ofSeconds(3)))
			.isEmpty();
		assertThat(TopicReader.read(infrastructure.kafka().bootstrapServers(),
				Topic.NORMALIZED_MESSAGES.deadLetterTopicName(),
				new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
				(record) -> record.key() != null && record.key().contains(run)
						&& !("norm-" + letter.messageId())
							.equals(CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID)),
				1, Duration.ofSeconds(3)))
			.isEmpty();
	}

	private HttpResponse<String> replay(MessageNormalized letter) throws Exception {
		String dlt = Topic.NORMALIZED_MESSAGES.deadLetterTopicName();
		JsonNode listed = JsonMapper.shared()
			.readTree(admin(
					HttpRequest.newBuilder(URI.create(base() + "/api/v1/admin/dead-letters/" + dlt + "?limit=1000")))
				.body());
		JsonNode ours = listed.valueStream()
			.filter((view) -> ("norm-" + letter.messageId()).equals(view.path("eventId").asString("")))
			.findFirst()
			.orElseThrow();
		String range = "{\"partition\":" + ours.get("partition").asInt() + ",\"fromOffset\":"
				+ ours.get("offset").asLong() + ",\"toOffset\":" + ours.get("offset").asLong() + "}";
		return admin(HttpRequest.newBuilder(URI.create(base() + "/api/v1/admin/dead-letters/" + dlt + "/replay"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(range)));
	}

	private HttpResponse<String> admin(HttpRequest.Builder request) throws Exception {
		return HTTP.send(request.header("X-API-Key", "test-admin-key").timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private int readinessStatus() throws Exception {
		return HTTP
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static List<MessageNormalized> messages(String run, int from, int to) {
		List<MessageNormalized> messages = new ArrayList<>();
		for (int i = from; i < to; i++) {
			String id = "msg-outage-" + run + "-" + i;
			String contact = "outage-" + run + "-" + (i % 7) + "@example.com";
			messages.add(new MessageNormalized(EventMetadata.first(id, Instant.now()).next("norm-" + id, Instant.now()),
					id, Channel.WEB_FORM, "test", null, contact, "Customer", contact, null, "s", "text " + i,
					EmailThreading.none(), List.of(), "sha256:" + id, Instant.now()));
		}
		return messages;
	}

	private static void publish(SharedInfrastructure infrastructure, String topic, List<MessageNormalized> messages)
			throws Exception {
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new EventOrBytesSerializer())) {
			for (MessageNormalized message : messages) {
				producer.send(new ProducerRecord<>(topic, message.contactKey(), message)).get(30, TimeUnit.SECONDS);
			}
		}
	}

}
