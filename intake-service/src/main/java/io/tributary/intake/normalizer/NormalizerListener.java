package io.tributary.intake.normalizer;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.message.MessageValidated;
import io.tributary.events.message.ValidationOutcome;
import io.tributary.intake.publishing.AuditTrail;
import io.tributary.kit.progress.Stage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Reads {@code ingestion.raw.messages} a poll batch at a time and, in one Kafka
 * transaction per batch, writes each normalized message with an ACCEPTED validation
 * result, or, for a record that cannot be read or normalized, its rejection and dead
 * letter. Normalization is deterministic, so such a record fails the same way every time
 * and is rejected at once, inside the batch's transaction; anything else (Kafka trouble)
 * propagates, rolls the batch back and is retried whole.
 *
 * <p>
 * One transaction per batch instead of per record: a transaction costs several broker
 * round trips, and per record that was most of the normalizer's and a good part of the
 * broker's work.
 */
@Component
@ConditionalOnProperty(name = "tributary.intake.normalizer.enabled", matchIfMissing = true)
class NormalizerListener {

	private static final LogAccessor LOG = new LogAccessor(NormalizerListener.class);

	private final MessageNormalizer normalizer;

	private final KafkaTemplate<String, Object> kafka;

	private final RejectedMessages rejected;

	private final AfterCommit afterCommit;

	private final Counter normalized;

	NormalizerListener(MessageNormalizer normalizer, NormalizerKafka kafka, RejectedMessages rejected,
			AfterCommit afterCommit, MeterRegistry meters) {
		this.normalizer = normalizer;
		this.kafka = kafka.template();
		this.rejected = rejected;
		this.afterCommit = afterCommit;
		this.normalized = meters.counter("tributary.intake.normalizer.normalized");
	}

	@KafkaListener(id = "intake-normalizer", topics = "ingestion.raw.messages",
			containerFactory = "normalizerContainerFactory")
	void normalize(List<ConsumerRecord<String, Object>> records) {
		for (ConsumerRecord<String, Object> record : records) {
			DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
					SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
			if (unreadable != null) {
				this.rejected.reject(record, unreadable);
				continue;
			}
			if (!(record.value() instanceof MessageReceived raw)) {
				this.rejected.reject(record,
						new NormalizationException("event: expected io.tributary.message.received.v1 on "
								+ record.topic() + " but got " + record.value().getClass().getSimpleName()));
				continue;
			}
			// Every accepted message is audited, whether or not it normalizes.
			this.kafka.send(Topic.AUDIT.topicName(), raw.metadata().correlationId(), AuditTrail.messageAccepted(raw));
			MessageNormalized message;
			try {
				message = this.normalizer.normalize(raw);
			}
			catch (NormalizationException ex) {
				this.rejected.reject(record, ex);
				continue;
			}
			this.kafka.send(Topic.NORMALIZED_MESSAGES.topicName(), message.contactKey(), message);
			this.kafka.send(Topic.VALIDATION_RESULTS.topicName(), raw.messageId(),
					new MessageValidated(raw.metadata().next("val-" + raw.messageId(), raw.receivedAt()),
							raw.messageId(), raw.channel(), ValidationOutcome.ACCEPTED, List.of()));
			this.normalized.increment();
			this.afterCommit.recordProgress(raw.messageId(), Stage.NORMALIZED, Map.of());
		}
	}

}
