package io.tributary.agent.ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.events.serde.EventDeserializer;
import io.tributary.events.serde.EventOrBytesSerializer;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance that runs stage one only, as a Deployment of its own would: it tickets, and
 * leaves the replies to the instances that run stage two.
 */
@WithKafkaAndRedis
@SpringBootTest(properties = "tributary.agent.replies.enabled=false")
class StageSwitchIntegrationTests {

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Autowired
	private MessageProgress progress;

	@Test
	void anInstanceWithRepliesSwitchedOffTicketsAndDoesNotAnswer(SharedInfrastructure infrastructure) throws Exception {
		assertThat(this.listeners.getListenerContainer("agent-processor-replies")).isNotNull()
			.satisfies((replies) -> assertThat(replies.isRunning()).isFalse());
		assertThat(this.listeners.getListenerContainer("agent-processor")).isNotNull()
			.satisfies((tickets) -> assertThat(tickets.isRunning()).isTrue());

		String id = "msg-switch-" + UUID.randomUUID();
		String contact = "switch-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		MessageNormalized message = new MessageNormalized(
				EventMetadata.first(id, Instant.now()).next("norm-" + id, Instant.now()), id, Channel.WEB_FORM, "test",
				null, contact, "Ana", contact, null, "Invoice", "Can I get a copy of my invoice?",
				EmailThreading.none(), List.of(), "sha256:" + id, Instant.now());
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new EventOrBytesSerializer())) {
			producer.send(new ProducerRecord<>(Topic.NORMALIZED_MESSAGES.topicName(), contact, message))
				.get(30, TimeUnit.SECONDS);
		}

		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.progress.read(id).map((status) -> status.stage() == Stage.TICKETED).orElse(false));
		assertThat(TopicReader.read(infrastructure.kafka().bootstrapServers(), Topic.RESPONSES_OUT.topicName(),
				new EventDeserializer(),
				(record) -> record.value() instanceof ReplyPrepared reply && reply.messageId().equals(id), 1,
				Duration.ofSeconds(3)))
			.isEmpty();
	}

}
