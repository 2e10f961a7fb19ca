package io.tributary.kit.stage;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.tributary.kit.redis.ScriptPipeline;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;

import org.springframework.dao.DataAccessException;

/**
 * Tells a failure of the infrastructure, which a retry of the batch may get past, from a
 * failure of one record's own processing, which every retry would repeat: left to roll
 * the batch back, that record would hold its partition forever. Stages dead-letter a
 * record for the latter (with the reason) and let the batch go on.
 */
public final class RecordFailures {

	private RecordFailures() {
	}

	/**
	 * Whether the failure may pass on a retry: Redis or another store unavailable
	 * ({@link DataAccessException}), Kafka (any of its exceptions but a record's
	 * serialization), I/O, an interrupted thread, or a step's own
	 * {@link TransientFailure}, anywhere in the chain of causes. Not Redis refusing a
	 * command because of its data ({@link ScriptPipeline#refusal}: a key of another
	 * type), which every retry would meet again.
	 * @param failure what was thrown
	 * @return whether to roll back and retry rather than dead-letter the record
	 */
	public static boolean isTransient(Throwable failure) {
		if (ScriptPipeline.refusal(failure) != null) {
			return false;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TransientFailure || cause instanceof DataAccessException
					|| cause instanceof org.springframework.kafka.KafkaException || cause instanceof IOException
					|| cause instanceof UncheckedIOException || cause instanceof InterruptedException
					|| (cause instanceof KafkaException && !(cause instanceof SerializationException))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * The reason a record could not be processed, for its dead letter and status.
	 * @param what what could not be done ("could not be answered")
	 * @param failure what was thrown
	 * @return the reason: what, the exception's type and message
	 */
	public static String reason(String what, Throwable failure) {
		String refusal = ScriptPipeline.refusal(failure);
		if (refusal != null) {
			return what + ": Redis refused the command: " + refusal;
		}
		return what + ": " + failure.getClass().getSimpleName()
				+ ((failure.getMessage() != null) ? ": " + failure.getMessage() : "");
	}

}
