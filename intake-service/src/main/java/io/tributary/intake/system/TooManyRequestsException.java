package io.tributary.intake.system;

import java.time.Duration;

/** A client over its rate limit: answered 429 with when to retry. */
public class TooManyRequestsException extends RuntimeException {

	private final Duration retryAfter;

	public TooManyRequestsException(Duration retryAfter) {
		super("Too many messages from this client; retry later");
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
