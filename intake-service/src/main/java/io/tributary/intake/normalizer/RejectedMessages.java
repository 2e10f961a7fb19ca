package io.tributary.intake.normalizer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.events.EventMetadata;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.message.MessageValidated;
import io.tributary.events.message.ValidationOutcome;
import io.tributary.events.serde.CloudEventHeaders;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import io.tributary.kit.stage.AfterCommit;
import io.tributary.kit.stage.DeadLetters;
import io.tributary.kit.stage.TransactionalStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * What happens to a raw record the normalizer gives up on, inside the batch's
 * transaction: a REJECTED validation result saying why, the original record on
 * {@code ingestion.raw.messages-dlt}, and, once committed, the message's progress marked
 * rejected. Nothing is silently dropped.
 */
@Component
class RejectedMessages {

	private static final Logger LOG = LoggerFactory.getLogger(RejectedMessages.class);

	private final KafkaTemplate<String, Object> kafka;

	private final DeadLetters deadLetters;

	private final MessageProgress progress;

	private final MeterRegistry meters;

	private final Clock clock = Clock.systemUTC();

	RejectedMessages(TransactionalStage normalizerStage, MessageProgress progress, MeterRegistry meters) {
		this.kafka = normalizerStage.template();
		this.deadLetters = normalizerStage.deadLetters();
		this.progress = progress;
		this.meters = meters;
	}

	/**
	 * Rejects one record within the caller's transaction.
	 * @param record the record as consumed (its value may be absent if it could not be
	 * deserialized)
	 * @param failure why it was rejected
	 */
	void reject(ConsumerRecord<?, ?> record, Exception failure) {
		String reason = DeadLetters.reasonOf(failure);
		String messageId = messageIdOf(record);
		LOG.warn("Rejected raw record {} from {}-{}@{}: {}", messageId, record.topic(), record.partition(),
				record.offset(), reason);
		MessageReceived raw = (record.value() instanceof MessageReceived received) ? received : null;
		Instant now = Instant.now(this.clock);
		EventMetadata metadata = ((raw != null) ? raw.metadata() : EventMetadata.first(messageId, now))
			.next("val-" + messageId, now);
		this.kafka.send(Topic.VALIDATION_RESULTS.topicName(), messageId, new MessageValidated(metadata, messageId,
				(raw != null) ? raw.channel() : null, ValidationOutcome.REJECTED, List.of(reason)));
		this.deadLetters.send(record, reason, failure);
		this.meters.counter("tributary.intake.normalizer.rejected").increment();
		AfterCommit.run("record rejection of " + messageId,
				() -> this.progress.record(messageId, Stage.REJECTED, Map.of("reason", reason)));
	}

	private static String messageIdOf(ConsumerRecord<?, ?> record) {
		if (record.value() instanceof MessageReceived raw) {
			return raw.messageId();
		}
		String eventId = CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID);
		return (eventId != null) ? eventId
				: "unknown-" + record.topic() + "-" + record.partition() + "-" + record.offset();
	}

}
