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
import io.tributary.kit.progress.Stage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * What happens to a raw record the normalizer gives up on: a REJECTED validation result
 * saying why, the original record on {@code ingestion.raw.messages-dlt} (same key and
 * partition, Spring Kafka's diagnostic headers), and the message's progress marked
 * rejected. Nothing is silently dropped.
 */
@Component
class RejectedMessages {

	private static final Logger LOG = LoggerFactory.getLogger(RejectedMessages.class);

	private final KafkaTemplate<String, Object> kafka;

	private final DeadLetterPublishingRecoverer deadLetters;

	private final AfterCommit afterCommit;

	private final MeterRegistry meters;

	private final Clock clock = Clock.systemUTC();

	RejectedMessages(NormalizerKafka kafka, AfterCommit afterCommit, MeterRegistry meters) {
		this.kafka = kafka.template();
		this.deadLetters = new DeadLetterPublishingRecoverer(kafka.template());
		this.afterCommit = afterCommit;
		this.meters = meters;
	}

	/**
	 * Rejects one record within the caller's transaction: validation result, dead letter,
	 * progress.
	 * @param record the record as consumed (its value may be absent if it could not be
	 * deserialized)
	 * @param failure why it was rejected
	 */
	void reject(ConsumerRecord<?, ?> record, Exception failure) {
		String reason = reasonOf(failure);
		String messageId = messageIdOf(record);
		LOG.warn("Rejected raw record {} from {}-{}@{}: {}", messageId, record.topic(), record.partition(),
				record.offset(), reason);
		MessageReceived raw = (record.value() instanceof MessageReceived received) ? received : null;
		EventMetadata metadata = (raw != null) ? raw.metadata().next("val-" + messageId, Instant.now(this.clock))
				: EventMetadata.first(messageId, Instant.now(this.clock))
					.next("val-" + messageId, Instant.now(this.clock));
		this.kafka.send(Topic.VALIDATION_RESULTS.topicName(), messageId, new MessageValidated(metadata, messageId,
				(raw != null) ? raw.channel() : null, ValidationOutcome.REJECTED, List.of(reason)));
		// The dead letter's exception headers carry the reason itself; the original
		// failure is its cause.
		this.deadLetters.accept(withOriginalBytes(record, failure), new NormalizationException(reason, failure));
		this.meters.counter("tributary.intake.normalizer.rejected").increment();
		this.afterCommit.recordProgress(messageId, Stage.REJECTED, Map.of("reason", reason));
	}

	/**
	 * For a record that could not be deserialized: the same record with its original
	 * bytes as the value and without the deserializer's exception header, so the dead
	 * letter carries those exact bytes and the real reason instead of Spring's generic
	 * "failed to deserialize".
	 */
	private static ConsumerRecord<?, ?> withOriginalBytes(ConsumerRecord<?, ?> record, Exception failure) {
		DeserializationException deserialization = deserializationFailure(failure);
		if (deserialization == null) {
			return record;
		}
		RecordHeaders headers = new RecordHeaders(record.headers().toArray());
		headers.remove(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER);
		return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
				record.timestampType(), record.serializedKeySize(), record.serializedValueSize(), record.key(),
				deserialization.getData(), headers, record.leaderEpoch());
	}

	private static DeserializationException deserializationFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DeserializationException deserialization) {
				return deserialization;
			}
		}
		return null;
	}

	private static String messageIdOf(ConsumerRecord<?, ?> record) {
		if (record.value() instanceof MessageReceived raw) {
			return raw.messageId();
		}
		String eventId = CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID);
		return (eventId != null) ? eventId
				: "unknown-" + record.topic() + "-" + record.partition() + "-" + record.offset();
	}

	static String reasonOf(Exception failure) {
		Throwable cause = failure;
		while ((cause instanceof ListenerExecutionFailedException || cause.getClass() == RuntimeException.class)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		DeserializationException deserialization = deserializationFailure(failure);
		if (deserialization != null && deserialization.getCause() != null) {
			cause = deserialization.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

}
