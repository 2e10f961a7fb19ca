package io.tributary.intake.system;

/** A webhook whose signature is missing or wrong: answered 401, never processed. */
public class InvalidSignatureException extends RuntimeException {

	public InvalidSignatureException(String message) {
		super(message);
	}

}
