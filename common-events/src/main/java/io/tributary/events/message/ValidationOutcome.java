package io.tributary.events.message;

/** Whether a raw message could be normalized. */
public enum ValidationOutcome {

	ACCEPTED, REJECTED

}
