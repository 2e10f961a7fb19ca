package io.tributary.intake.system;

import java.util.Comparator;
import java.util.List;

import io.tributary.intake.contact.InvalidContactException;
import io.tributary.intake.publishing.IntakeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the HTTP edge as RFC 9457 problem details. Spring's base class already
 * maps the framework's exceptions (404, 405, 406, 415, missing parameters, multipart too
 * large); this adds the field list to 400s and maps intake's own exceptions. Client input
 * never becomes a 500.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> problems = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldProblem(error.getField(), error.getDefaultMessage()))
			.toList();
		return ResponseEntity.badRequest().body(invalid(problems));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.getMostSpecificCause() instanceof PayloadTooLargeException tooLarge) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()));
		}
		return ResponseEntity.badRequest()
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ReadableBodyProblem.describe(ex)));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException ex) {
		return ResponseEntity.badRequest().body(invalid(ex.problems()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidContact(InvalidContactException ex) {
		return ResponseEntity.badRequest().body(invalid(List.of(new FieldProblem(ex.field(), ex.getMessage()))));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidSignature(InvalidSignatureException ex) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> payloadTooLarge(PayloadTooLargeException ex) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManyRequests(TooManyRequestsException ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())))
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> idempotencyKeyReused(IdempotencyKeyReusedException ex) {
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unavailable(IntakeUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())))
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()));
	}

	private static ProblemDetail invalid(List<FieldProblem> problems) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request has " + problems.size() + " invalid field" + ((problems.size() == 1) ? "" : "s"));
		problem.setTitle("Invalid request");
		problem.setProperty("errors", problems.stream().sorted(Comparator.comparing(FieldProblem::field)).toList());
		return problem;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(RuntimeException ex) {
		LOG.error("Unexpected failure at the HTTP edge", ex);
		return ResponseEntity.internalServerError()
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error"));
	}

}
