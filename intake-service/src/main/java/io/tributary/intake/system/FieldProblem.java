package io.tributary.intake.system;

/**
 * One thing wrong with one field of a request.
 *
 * @param field the field, as the client named it
 * @param message what is wrong
 */
public record FieldProblem(String field, String message) {

}
