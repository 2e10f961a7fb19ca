package io.tributary.kit.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * What a service's HTTP API answers when Redis fails a request, as RFC 9457 problem
 * details. The two cases need opposite advice: Redis unreachable or too slow passes, so
 * the client is told to repeat later (503 with {@code Retry-After}); Redis refusing a
 * command (a key holding another type than the service writes, left by a hand edit or a
 * key clash) will refuse it again, so that is a server error (500) that names Redis's
 * reason and says repeating will not help, and it is logged for an operator. First among
 * the advices, so that a service's own catch-all does not answer these as "unexpected".
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RedisProblems {

	private static final Logger LOG = LoggerFactory.getLogger(RedisProblems.class);

	/** Seconds a client waits before repeating: Redis restarts take about that long. */
	private static final String RETRY_AFTER = "5";

	@ExceptionHandler
	ResponseEntity<ProblemDetail> redisFailed(DataAccessException ex) {
		String refusal = refusal(ex);
		if (refusal != null) {
			LOG.error("Redis refused a command of an API request: {}", refusal);
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Redis refused the command ("
						+ refusal + "): its data is not what this service writes, so repeating will not help"));
		}
		LOG.warn("Redis did not answer an API request: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"Redis did not answer in time; repeating the request later is safe"));
	}

	/**
	 * Redis's error when it refused a command because of the command or its data, null
	 * when it failed for a reason that passes: unreachable, timed out, or an error of its
	 * own state (loading, out of memory, a read-only replica: see
	 * {@link ScriptPipeline#serverError}). A refused script call reaches here as
	 * {@link InvalidDataAccessApiUsageException}.
	 */
	private static String refusal(DataAccessException ex) {
		if (ex instanceof InvalidDataAccessApiUsageException) {
			return ex.getMessage();
		}
		return ScriptPipeline.refusal(ex);
	}

}
