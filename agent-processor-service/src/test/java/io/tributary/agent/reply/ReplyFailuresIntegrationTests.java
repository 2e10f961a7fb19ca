package io.tributary.agent.reply;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.events.serde.EventDeserializer;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import io.tributary.kit.stage.TransientFailure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

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
