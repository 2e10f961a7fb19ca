package io.tributary.intake.system;

/**
 * An idempotency key sent again with a different request: answered 422, since the key
 * names the first request's message, and accepting this one would lose it.
 */
public class IdempotencyKeyReusedException extends RuntimeException {

	public IdempotencyKeyReusedException() {
		super("This Idempotency-Key was already used for a different request; use a new key for a new message");
	}

}
