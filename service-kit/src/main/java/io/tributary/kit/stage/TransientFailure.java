package io.tributary.kit.stage;

/**
 * A failure that may pass if the work is tried again later: a stage rolls its batch back
 * and retries it, and dead-letters nothing. A pluggable step (a reply generator calling a
 * remote model, say) throws this, or wraps its cause in it, for a timeout or an
 * unavailable service; anything else it throws means this one record cannot be processed.
 */
public class TransientFailure extends RuntimeException {

	public TransientFailure(String message, Throwable cause) {
		super(message, cause);
	}

}
