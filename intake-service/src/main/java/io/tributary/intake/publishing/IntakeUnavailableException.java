package io.tributary.intake.publishing;

import java.time.Duration;

/**
 * Kafka did not take a message in time: the sender must retry, and nothing has been
 * acknowledged.
 */
public class IntakeUnavailableException extends RuntimeException {

	private final Duration retryAfter;

	public IntakeUnavailableException(Duration retryAfter, Throwable cause) {
		super("The message could not be stored right now; retry later", cause);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
