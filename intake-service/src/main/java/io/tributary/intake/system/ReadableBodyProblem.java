package io.tributary.intake.system;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Says what is wrong with a body that could not be read, without echoing its content
 * (which may be personal data).
 */
final class ReadableBodyProblem {

	private ReadableBodyProblem() {
	}

	static String describe(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof StreamConstraintsException) {
			return "The request body exceeds the allowed nesting or size";
		}
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			return "Field '" + mismatch.getPathReference().replaceAll(".*\\[\"?|\"?\\]$", "") + "' has the wrong type";
		}
		if (cause instanceof JacksonException) {
			return "The request body is not valid JSON";
		}
		if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
			return "The request body is missing";
		}
		return "The request body cannot be read";
	}

}
