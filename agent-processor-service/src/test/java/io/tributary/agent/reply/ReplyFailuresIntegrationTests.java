package io.tributary.agent.reply;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.events.serde.EventDeserializer;
import io.tributary.events.serde.EventOrBytesSerializer;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import io.tributary.kit.stage.TransientFailure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reply generator that fails: for good on one request (as a model refusing it would),
 * or for a while (as a model timing out would). The generator is the pluggable part;
 * Kafka and Redis are the real ones.
 */
@WithKafkaAndRedis
@SpringBootTest
@Import(ReplyFailuresIntegrationTests.FailingGenerator.class)
class ReplyFailuresIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final AtomicInteger TIMEOUTS = new AtomicInteger();

	@Autowired
	private MessageProgress progress;

	@Autowired
	private StringRedisTemplate redis;

	@Test
	void aRequestTheGeneratorRefusesIsDeadLetteredAndTheRequestsAroundItAreAnswered(SharedInfrastructure infrastructure)
			throws Exception {
		String customerId = "cus-" + UUID.randomUUID();
		TicketRequested before = request(customerId, "Can I get a copy of my invoice?");
		TicketRequested refused = request(customerId, "Please answer this refused-by-model request");
		TicketRequested after = request(customerId, "Where is my parcel? I want to track the delivery.");

		ReplyIntegrationTests.publish(infrastructure, before, refused, after);

		assertThat(replies(infrastructure, before)).hasSize(1);
		assertThat(replies(infrastructure, after)).hasSize(1);
		List<ConsumerRecord<String, TributaryEvent>> letters = TopicReader.read(
				infrastructure.kafka().bootstrapServers(), Topic.TICKETS_IN.deadLetterTopicName(),
				new EventDeserializer(), (record) -> record.value() instanceof TicketRequested request
						&& request.messageId().equals(refused.messageId()),
				1, WAIT);
		assertThat(letters).hasSize(1);
		String reason = "could not be answered: IllegalStateException: the model refused this request";
		assertThat(header(letters.get(0), "kafka_dlt-exception-message")).isEqualTo(reason);
		assertThat(header(letters.get(0), "kafka_dlt-original-topic")).isEqualTo(Topic.TICKETS_IN.topicName());
		await().atMost(WAIT)
			.until(() -> this.progress.read(refused.messageId())
				.map((status) -> status.stage() == Stage.REJECTED && reason.equals(status.details().get("reason")))
				.orElse(false));
		assertThat(replies(infrastructure, refused)).isEmpty();
	}

	/**
	 * Redis refusing one request's triage (its customer's contacts key holds a string)
	 * and another's status change (its ticket's key holds a string): every retry would be
	 * refused alike. Both are dead-lettered with Redis's reason, and the requests around
	 * them on their partition are answered.
	 */
	@Test
	void requestsRedisRefusesToTriageOrMoveAreDeadLetteredAndTheRequestsAroundThemAreAnswered(
			SharedInfrastructure infrastructure) throws Exception {
		String customerId = "cus-" + UUID.randomUUID();
		String brokenCustomer = "cus-" + UUID.randomUUID();
		this.redis.opsForValue().set("triage:{" + brokenCustomer + "}:contacts", "written by hand");
		TicketRequested before = request(customerId, "Can I get a copy of my invoice?");
		TicketRequested untriageable = request(brokenCustomer, "Where is my parcel? (refused by Redis)");
		TicketRequested unmovable = request(customerId, "How do I reset my password? (refused by Redis)");
		this.redis.opsForValue().set("ticket:{" + unmovable.ticketId() + "}", "written by hand");
		TicketRequested after = request(customerId, "Where is my parcel? I want to track the delivery.");
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new EventOrBytesSerializer())) {
			for (TicketRequested request : List.of(before, untriageable, unmovable, after)) {
				producer.send(new ProducerRecord<>(Topic.TICKETS_IN.topicName(), 0, request.customerId(), request))
					.get(30, TimeUnit.SECONDS);
			}
		}

		assertThat(replies(infrastructure, before)).hasSize(1);
		assertThat(replies(infrastructure, after)).hasSize(1);
		Map<String, String> reasons = new HashMap<>();
		TopicReader
			.read(infrastructure.kafka().bootstrapServers(), Topic.TICKETS_IN.deadLetterTopicName(),
					new EventDeserializer(),
					(record) -> record.value() instanceof TicketRequested request
							&& List.of(untriageable.messageId(), unmovable.messageId()).contains(request.messageId()),
					2, WAIT)
			.forEach((letter) -> reasons.put(((TicketRequested) letter.value()).messageId(),
					header(letter, "kafka_dlt-exception-message")));
		assertThat(reasons.get(untriageable.messageId())).startsWith("could not be answered: CallRefused: ")
			.contains("WRONGTYPE");
		assertThat(reasons.get(unmovable.messageId()))
			.startsWith("could not be answered: Redis refused the ticket's status change: ")
			.contains("WRONGTYPE");
		for (TicketRequested refused : List.of(untriageable, unmovable)) {
			await().atMost(WAIT)
				.until(() -> this.progress.read(refused.messageId())
					.map((status) -> status.stage() == Stage.REJECTED
							&& reasons.get(refused.messageId()).equals(status.details().get("reason")))
					.orElse(false));
			assertThat(replies(infrastructure, refused)).isEmpty();
		}
	}

	@Test
	void aGeneratorTimingOutIsRetriedAndNothingIsDeadLettered(SharedInfrastructure infrastructure) throws Exception {
		TIMEOUTS.set(0);
		TicketRequested slow = request("cus-" + UUID.randomUUID(), "My invoice please, model-timeout twice");

		ReplyIntegrationTests.publish(infrastructure, slow);

		assertThat(replies(infrastructure, slow)).hasSize(1);
		assertThat(TIMEOUTS.get()).isEqualTo(3);
		assertThat(
				TopicReader
					.read(infrastructure.kafka().bootstrapServers(), Topic.TICKETS_IN.deadLetterTopicName(),
							new EventDeserializer(),
							(record) -> record.value() instanceof TicketRequested request
									&& request.messageId().equals(slow.messageId()),
							1, Duration.ofSeconds(3)))
			.isEmpty();
	}

	private static List<ConsumerRecord<String, TributaryEvent>> replies(SharedInfrastructure infrastructure,
			TicketRequested request) {
		return TopicReader.read(infrastructure.kafka().bootstrapServers(), Topic.RESPONSES_OUT.topicName(),
				new EventDeserializer(),
				(record) -> record.value() instanceof ReplyPrepared reply
						&& reply.messageId().equals(request.messageId()),
				1, Duration.ofSeconds(request.text().contains("refused") ? 3 : 30));
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static TicketRequested request(String customerId, String text) {
		String messageId = "msg-" + UUID.randomUUID();
		return new TicketRequested(
				EventMetadata.first(messageId, Instant.now()).next("treq-" + messageId, Instant.now()),
				"tkt-" + UUID.randomUUID(), customerId, messageId, Channel.WEB_FORM, "ana@example.com", "Ana Ruiz",
				"Question", text, EmailThreading.none(), true, Instant.now());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingGenerator {

		@Bean
		@Primary
		ReplyGenerator failingGenerator(KnowledgeBaseReplyGenerator knowledgeBase) {
			return (request, triage) -> {
				if (request.text().contains("refused-by-model")) {
					throw new IllegalStateException("the model refused this request");
				}
				if (request.text().contains("model-timeout") && TIMEOUTS.incrementAndGet() < 3) {
					throw new TransientFailure("the model timed out", null);
				}
				return knowledgeBase.draft(request, triage);
			};
		}

	}

}
