package io.tributary.intake.contact;

/** A contact that cannot be normalized; the message says which and why. */
public class InvalidContactException extends IllegalArgumentException {

	private final String field;

	public InvalidContactException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
