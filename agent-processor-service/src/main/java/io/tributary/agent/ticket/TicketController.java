package io.tributary.agent.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.tributary.kit.progress.MessageProgress;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/tickets/{id}}: a ticket with its messages (and where each is),
 * replies and status history.
 */
@RestController
class TicketController {

	private final StringRedisTemplate redis;

	private final MessageProgress progress;

	TicketController(StringRedisTemplate redis, MessageProgress progress) {
		this.redis = redis;
		this.progress = progress;
	}

	@GetMapping("/api/v1/tickets/{ticketId}")
	ResponseEntity<?> ticket(@PathVariable String ticketId) {
		String key = TicketDesk.ticketKey(ticketId);
		Map<Object, Object> fields = this.redis.opsForHash().entries(key);
		if (fields.isEmpty()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such ticket");
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
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
		return ResponseEntity.ok(new TicketView(ticketId, (String) fields.get("customerId"),
				(String) fields.get("channel"), (String) fields.get("status"), (String) fields.get("subject"),
				(String) fields.get("openedAt"), messages, new TreeSet<>(members(key + ":replies")), statuses));
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

}
