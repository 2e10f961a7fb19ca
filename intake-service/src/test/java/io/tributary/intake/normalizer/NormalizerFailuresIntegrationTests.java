package io.tributary.intake.normalizer;

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
import io.tributary.events.message.BodyFormat;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.message.MessageValidated;
import io.tributary.events.message.Sender;
import io.tributary.events.message.ValidationOutcome;
import io.tributary.events.serde.CloudEventHeaders;
import io.tributary.events.serde.EventOrBytesSerializer;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.intake.ChannelTestSupport;
import io.tributary.intake.contact.ContactNormalizer;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * The normalizer failing on one input, as a bug in our code or in a parsing library
 * would: that record is rejected to the DLT with the reason, and the records around it on
 * its partition are normalized. Kafka and Redis are the real ones.
 */
@WithKafkaAndRedis
@SpringBootTest
@Import(NormalizerFailuresIntegrationTests.FailingNormalizer.class)
class NormalizerFailuresIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String REASON = "could not be normalized: IllegalStateException: a bug met this text";

	@Autowired
	private MessageProgress progress;

	@Test
	void aRecordTheNormalizerFailsOnIsRejectedAndTheRecordsAroundItAreNormalized(SharedInfrastructure infrastructure)
			throws Exception {
		String key = "bug-" + UUID.randomUUID() + "@example.com";
		MessageReceived before = raw(key, "before the failing one");
		MessageReceived failing = raw(key, "this one trips the normalizer-bug");
		MessageReceived after = raw(key, "after the failing one");
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new EventOrBytesSerializer())) {
			for (MessageReceived raw : List.of(before, failing, after)) {
				producer.send(new ProducerRecord<>(Topic.RAW_MESSAGES.topicName(), key, raw)).get(30, TimeUnit.SECONDS);
			}
		}

		assertThat(ChannelTestSupport.one(infrastructure, Topic.NORMALIZED_MESSAGES, before.messageId())).isNotNull();
		assertThat(ChannelTestSupport.one(infrastructure, Topic.NORMALIZED_MESSAGES, after.messageId())).isNotNull();
		List<ConsumerRecord<String, byte[]>> letters = TopicReader.read(infrastructure.kafka().bootstrapServers(),
				Topic.RAW_MESSAGES.deadLetterTopicName(), new ByteArrayDeserializer(),
				(record) -> key.equals(record.key()), 1, WAIT);
		assertThat(letters).hasSize(1);
		assertThat(CloudEventHeaders.text(letters.get(0).headers(), "kafka_dlt-exception-message")).isEqualTo(REASON);
		MessageValidated verdict = (MessageValidated) ChannelTestSupport
			.one(infrastructure, Topic.VALIDATION_RESULTS, failing.messageId())
			.value();
		assertThat(verdict.outcome()).isEqualTo(ValidationOutcome.REJECTED);
		assertThat(verdict.reasons()).containsExactly(REASON);
		await().atMost(WAIT)
			.until(() -> this.progress.read(failing.messageId())
				.map((status) -> status.stage() == Stage.REJECTED && REASON.equals(status.details().get("reason")))
				.orElse(false));
	}

	private static MessageReceived raw(String key, String text) {
		String messageId = "msg-" + UUID.randomUUID();
		return new MessageReceived(EventMetadata.first(messageId, Instant.now()), messageId, Channel.WEB_FORM,
				"web-form", null, key, new Sender(null, key, null), "s", text, BodyFormat.TEXT, EmailThreading.none(),
				List.of(), Instant.now(), Map.of());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingNormalizer {

		@Bean
		@Primary
		MessageNormalizer failingNormalizer(ContactNormalizer contacts, NormalizerProperties properties) {
			return new MessageNormalizer(contacts, properties) {

				@Override
				public MessageNormalized normalize(MessageReceived raw) {
					if (raw.body().contains("normalizer-bug")) {
						throw new IllegalStateException("a bug met this text");
					}
					return super.normalize(raw);
				}

			};
		}

	}

}
