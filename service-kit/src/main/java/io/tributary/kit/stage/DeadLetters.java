package io.tributary.kit.stage;

import java.util.Arrays;
import java.util.List;

import io.micrometer.core.instrument.Metrics;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.EventType;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Sends a record a stage gives up on to {@code <topic>-dlt} (same key and partition) with
 * Spring Kafka's diagnostic headers, inside the stage's transaction. For a record that
 * could not be deserialized, the dead letter carries the exact bytes that failed and the
 * real reason, instead of Spring's generic "failed to deserialize".
 */
public final class DeadLetters {

	private static final LogAccessor LOG = new LogAccessor(DeadLetters.class);

	private final DeadLetterPublishingRecoverer recoverer;

	DeadLetters(KafkaTemplate<String, Object> template) {
		this.recoverer = new DeadLetterPublishingRecoverer(template);
	}

	/**
	 * Dead-letters a record.
	 * @param record the record as consumed
	 * @param reason why, for people: it becomes the exception message header
	 * @param failure the underlying failure, kept as the cause
	 */
	public void send(ConsumerRecord<?, ?> record, String reason, Exception failure) {
		this.recoverer.accept(withOriginalBytes(record, failure), new DeadLetterException(reason, failure));
		// Boot's registry is part of the global one: dashboards and alert rules watch
		// this
		// per source topic (a rolled-back batch counts its dead letters again on retry).
		Metrics.counter("tributary.dead.letters", "topic", record.topic()).increment();
	}

	/**
	 * Hands each record of a batch that holds an event of the expected type to the
	 * handler; dead-letters the others (unreadable bytes, another event type) with the
	 * reason, so the batch moves on. What the handler throws rolls the batch back when it
	 * may pass on a retry ({@link RecordFailures#isTransient}); anything else is this
	 * record's own failure (a bug on its data, Redis refusing its keys), which every
	 * retry would repeat while holding the partition, so the record is dead-lettered with
	 * the reason and the batch goes on.
	 * @param <T> the expected event type
	 * @param records the batch
	 * @param type the expected event type
	 * @param handler what to do with each event
	 * @throws Exception what the handler threw
	 */
	public <T> void forEachEvent(List<? extends ConsumerRecord<?, ?>> records, Class<T> type, EventHandler<T> handler)
			throws Exception {
		for (ConsumerRecord<?, ?> record : records) {
			DeserializationException unreadable = unreadable(record);
			if (unreadable != null) {
				send(record, reasonOf(unreadable), unreadable);
			}
			else if (!type.isInstance(record.value())) {
				String reason = "event: expected " + typeName(type) + " on " + record.topic() + ", got "
						+ ((record.value() instanceof TributaryEvent event) ? EventType.of(event).typeName()
								: "no event");
				send(record, reason, new IllegalArgumentException(reason));
			}
			else {
				try {
					handler.handle(record, type.cast(record.value()));
				}
				catch (Exception ex) {
					if (RecordFailures.isTransient(ex)) {
						throw ex;
					}
					String reason = RecordFailures.reason("could not be processed", ex);
					LOG.warn(ex, () -> "Dead-lettered " + record.topic() + "-" + record.partition() + "@"
							+ record.offset() + ": " + reason);
					send(record, reason, ex);
				}
			}
		}
	}

	/**
	 * What a stage does with one event.
	 *
	 * @param <T> the event type
	 */
	@FunctionalInterface
	public interface EventHandler<T> {

		void handle(ConsumerRecord<?, ?> record, T event) throws Exception;

	}

	/**
	 * The deserialization failure a batch listener finds in a record's headers, if any.
	 */
	public static DeserializationException unreadable(ConsumerRecord<?, ?> record) {
		return SerializationUtils.getExceptionFromHeader(record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER,
				LOG);
	}

	/**
	 * The most useful message of a failure: the deserializer's or listener's cause, not
	 * their wrapper.
	 */
	public static String reasonOf(Throwable failure) {
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

	private static String typeName(Class<?> type) {
		return Arrays.stream(EventType.values())
			.filter((candidate) -> candidate.javaType() == type)
			.map(EventType::typeName)
			.findFirst()
			.orElse(type.getSimpleName());
	}

	private static DeserializationException deserializationFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DeserializationException deserialization) {
				return deserialization;
			}
		}
		return null;
	}

	/**
	 * What a dead letter's exception headers show: the reason, with the original failure
	 * as cause.
	 */
	static final class DeadLetterException extends RuntimeException {

		DeadLetterException(String reason, Throwable cause) {
			super(reason, cause);
		}

	}

}
