package io.tributary.intake.normalizer;

import java.util.ArrayList;
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
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import io.tributary.kit.stage.AfterCommit;
import io.tributary.kit.stage.DeadLetters;
import io.tributary.kit.stage.RecordFailures;
import io.tributary.kit.stage.TransactionalStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.stereotype.Component;

/**
 * Reads {@code ingestion.raw.messages} a poll batch at a time and, in one Kafka
 * transaction per batch, writes each normalized message with an ACCEPTED validation
 * result, or, for a record that cannot be read or normalized, its rejection and dead
 * letter. Normalization is deterministic, so such a record fails the same way every time
 * and is rejected at once, inside the batch's transaction, whether the normalizer refused
 * it or failed on it; infrastructure trouble (Kafka, Redis, I/O) propagates, rolls the
 * batch back and is retried whole.
 *
 * <p>
 * One transaction per batch instead of per record: a transaction costs several broker
 * round trips, and per record that was most of the normalizer's and a good part of the
 * broker's work.
 */
@Component
class NormalizerListener {

	private final MessageNormalizer normalizer;

	private final KafkaTemplate<String, Object> kafka;

	private final RejectedMessages rejected;

	private final MessageProgress progress;

	private final Counter normalized;

	NormalizerListener(MessageNormalizer normalizer, TransactionalStage normalizerStage, RejectedMessages rejected,
			MessageProgress progress, MeterRegistry meters) {
		this.normalizer = normalizer;
		this.kafka = normalizerStage.template();
		this.rejected = rejected;
		this.progress = progress;
		this.normalized = meters.counter("tributary.intake.normalizer.normalized");
	}

	// Whether this instance normalizes is read at start-up (autoStartup), not a bean
	// condition: the service runs AOT-processed, whose conditions are fixed at build
	// time.
	@KafkaListener(id = "intake-normalizer", topics = "ingestion.raw.messages",
			containerFactory = "normalizerContainerFactory",
			autoStartup = "${tributary.intake.normalizer.enabled:true}")
	void normalize(List<ConsumerRecord<String, Object>> records) {
		List<MessageProgress.Update> progressed = new ArrayList<>(records.size());
		for (ConsumerRecord<String, Object> record : records) {
			DeserializationException unreadable = DeadLetters.unreadable(record);
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
			catch (RuntimeException ex) {
				if (RecordFailures.isTransient(ex)) {
					throw ex;
				}
				// Our code or a parsing library failing on this input: normalization is
				// deterministic, so every retry would fail alike and hold the partition.
				this.rejected.reject(record,
						new NormalizationException(RecordFailures.reason("could not be normalized", ex), ex));
				continue;
			}
			this.kafka.send(Topic.NORMALIZED_MESSAGES.topicName(), message.contactKey(), message);
			this.kafka.send(Topic.VALIDATION_RESULTS.topicName(), raw.messageId(),
					new MessageValidated(raw.metadata().next("val-" + raw.messageId(), raw.receivedAt()),
							raw.messageId(), raw.channel(), ValidationOutcome.ACCEPTED, List.of()));
			this.normalized.increment();
			progressed.add(new MessageProgress.Update(raw.messageId(), Stage.NORMALIZED, Map.of()));
		}
		// One pipelined round trip for the batch: a round trip per message, one after the
		// other, held the normalizer thread while it waited, and at 1,000 messages/s
		// offered the normalizer fell seconds behind (docs/BENCHMARKS.md).
		if (!progressed.isEmpty()) {
			AfterCommit.run("record normalization of " + progressed.size() + " messages",
					() -> this.progress.recordAll(progressed));
		}
	}

}
