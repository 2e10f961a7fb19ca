package io.tributary.events;

/**
 * An event that breaks its schema. Permanent: retrying cannot fix it, so a listener that
 * meets one sends the record to its dead-letter topic.
 */
public class InvalidEventException extends IllegalArgumentException {

	public InvalidEventException(String message) {
		super(message);
	}

	public InvalidEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
