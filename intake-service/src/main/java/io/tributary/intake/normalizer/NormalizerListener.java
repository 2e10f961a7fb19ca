package io.tributary.intake.normalizer;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.message.MessageValidated;
import io.tributary.events.message.ValidationOutcome;
import io.tributary.kit.progress.Stage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads {@code ingestion.raw.messages} and, in the container's Kafka transaction, writes
 * the normalized message and an ACCEPTED validation result. Exceptions propagate: the
 * after-rollback processor owns retries and rejections.
 */
@Component
@ConditionalOnProperty(name = "tributary.intake.normalizer.enabled", matchIfMissing = true)
class NormalizerListener {

	private final MessageNormalizer normalizer;

	private final KafkaTemplate<String, Object> kafka;

	private final AfterCommit afterCommit;

	private final Counter normalized;

	NormalizerListener(MessageNormalizer normalizer, NormalizerKafka kafka, AfterCommit afterCommit,
			MeterRegistry meters) {
		this.normalizer = normalizer;
		this.kafka = kafka.template();
		this.afterCommit = afterCommit;
		this.normalized = meters.counter("tributary.intake.normalizer.normalized");
	}

	@KafkaListener(id = "intake-normalizer", topics = "ingestion.raw.messages",
			containerFactory = "normalizerContainerFactory")
	void normalize(ConsumerRecord<String, TributaryEvent> record) {
		if (!(record.value() instanceof MessageReceived raw)) {
			throw new NormalizationException("event: expected io.tributary.message.received.v1 on " + record.topic()
					+ " but got " + record.value().getClass().getSimpleName());
		}
		MessageNormalized message = this.normalizer.normalize(raw);
		this.kafka.send(Topic.NORMALIZED_MESSAGES.topicName(), message.contactKey(), message);
		this.kafka.send(Topic.VALIDATION_RESULTS.topicName(), raw.messageId(),
				new MessageValidated(raw.metadata().next("val-" + raw.messageId(), raw.receivedAt()), raw.messageId(),
						raw.channel(), ValidationOutcome.ACCEPTED, List.of()));
		this.normalized.increment();
		this.afterCommit.recordProgress(raw.messageId(), Stage.NORMALIZED, Map.of());
	}

}
