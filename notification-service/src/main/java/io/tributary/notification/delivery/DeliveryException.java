package io.tributary.notification.delivery;

import java.time.Duration;

/**
 * A delivery that failed. Transient failures (provider unreachable, rate limited) are
 * retried with backoff; permanent ones (address refused) are dead-lettered and alerted.
 */
public class DeliveryException extends Exception {

	private final boolean transientFailure;

	private final Duration retryAfter;

	private DeliveryException(String message, Throwable cause, boolean transientFailure, Duration retryAfter) {
		super(message, cause);
		this.transientFailure = transientFailure;
		this.retryAfter = retryAfter;
	}

	public static DeliveryException transientFailure(String message, Throwable cause, Duration retryAfter) {
		return new DeliveryException(message, cause, true, retryAfter);
	}

	public static DeliveryException permanent(String message, Throwable cause) {
		return new DeliveryException(message, cause, false, null);
	}

	public boolean isTransient() {
		return this.transientFailure;
	}

	/** What the provider asked us to wait, if it said. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
