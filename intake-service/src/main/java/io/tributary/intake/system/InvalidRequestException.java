package io.tributary.intake.system;

import java.util.List;

/**
 * A request whose content a channel adapter found invalid (after the generic checks),
 * with every problem listed: answered 400.
 */
public class InvalidRequestException extends RuntimeException {

	private final List<FieldProblem> problems;

	public InvalidRequestException(List<FieldProblem> problems) {
		super("The request has invalid fields");
		this.problems = List.copyOf(problems);
	}

	public InvalidRequestException(String field, String message) {
		this(List.of(new FieldProblem(field, message)));
	}

	public List<FieldProblem> problems() {
		return this.problems;
	}

}
