package io.tributary.agent.ticket;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.tributary.kit.progress.MessageProgress;
import org.apache.kafka.common.KafkaException;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/tickets/{id}}: a ticket with its messages (and where each is),
 * replies and status history. {@code POST /api/v1/tickets/{id}/close}, with an optional
 * {@code {"reason": "..."}}: a person closes it.
 */
@RestController
class TicketController {

	private static final int MAX_REASON = 500;

	private final StringRedisTemplate redis;

	private final MessageProgress progress;

	private final TicketClosing closing;

	TicketController(StringRedisTemplate redis, MessageProgress progress, TicketClosing closing) {
		this.redis = redis;
		this.progress = progress;
		this.closing = closing;
	}

	@GetMapping("/api/v1/tickets/{ticketId}")
	ResponseEntity<?> ticket(@PathVariable String ticketId) {
		return view(ticketId).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(TicketController::noSuchTicket);
	}

	/**
	 * Closes a ticket (ADMIN credentials: anything but a read needs them). Closing it
	 * again is harmless and publishes the same events again, so a client that got a 503
	 * repeats the request.
	 */
	@PostMapping("/api/v1/tickets/{ticketId}/close")
	ResponseEntity<?> close(@PathVariable String ticketId, @RequestBody(required = false) CloseRequest request,
			Principal principal) {
		String reason = (request != null && request.reason() != null && !request.reason().isBlank())
				? request.reason().strip() : "closed by " + principal.getName();
		if (reason.length() > MAX_REASON) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"reason: at most " + MAX_REASON + " characters");
			return ResponseEntity.badRequest().body(problem);
		}
		try {
			if (this.closing.close(ticketId, reason, principal.getName()).isEmpty()) {
				return noSuchTicket();
			}
		}
		// Redis failing the request is answered by RedisProblems: a refusal (data of the
		// wrong type) is not worth repeating, an unavailable Redis is.
		catch (KafkaException | org.springframework.kafka.KafkaException ex) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"Kafka did not take the change in time; repeating the request is safe");
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, "5")
				.body(problem);
		}
		return ResponseEntity.ok(view(ticketId).orElseThrow());
	}

	private Optional<TicketView> view(String ticketId) {
		String key = TicketDesk.ticketKey(ticketId);
		Map<Object, Object> fields = this.redis.opsForHash().entries(key);
		if (fields.isEmpty()) {
			return Optional.empty();
		}
		Set<String> messageIds = new TreeSet<>(members(key + ":messages"));
		List<MessageView> messages = messageIds.stream()
			.map((id) -> new MessageView(id,
					this.progress.read(id).map((status) -> status.stage().name()).orElse(null)))
			.toList();
		Set<ZSetOperations.TypedTuple<String>> history = this.redis.opsForZSet()
			.rangeWithScores(key + ":history", 0, -1);
		List<StatusView> statuses = (history == null) ? List.of() : history.stream().map((entry) -> {
			String[] parts = entry.getValue().split("\\|", 2);
			return new StatusView(parts[0], (parts.length > 1) ? parts[1] : null,
					Instant.ofEpochMilli(entry.getScore().longValue()));
		}).toList();
		return Optional.of(new TicketView(ticketId, (String) fields.get("customerId"), (String) fields.get("channel"),
				(String) fields.get("status"), (String) fields.get("subject"), (String) fields.get("openedAt"),
				messages, new TreeSet<>(members(key + ":replies")), statuses));
	}

	private static ResponseEntity<ProblemDetail> noSuchTicket() {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such ticket"));
	}

	private Set<String> members(String key) {
		Set<String> members = this.redis.opsForSet().members(key);
		return (members != null) ? members : Set.of();
	}

	record TicketView(String ticketId, String customerId, String channel, String status, String subject,
			String openedAt, List<MessageView> messages, Set<String> replies, List<StatusView> history) {

	}

	record MessageView(String messageId, String stage) {

	}

	record StatusView(String status, String reason, Instant at) {

	}

	/** The body of a close: why, optional. */
	record CloseRequest(String reason) {

	}

}
