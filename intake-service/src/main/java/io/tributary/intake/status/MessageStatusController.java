package io.tributary.intake.status;

import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.MessageStatus;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/messages/{messageId}}: the stage a message reached (received,
 * normalized, ticketed, replied, delivered, or rejected with the reason), when it first
 * reached each, and how often it was received again.
 */
@RestController
class MessageStatusController {

	private final MessageProgress progress;

	MessageStatusController(MessageProgress progress) {
		this.progress = progress;
	}

	@GetMapping("/api/v1/messages/{messageId}")
	ResponseEntity<?> status(@PathVariable String messageId) {
		return this.progress.read(messageId)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> notFound(messageId));
	}

	private static ResponseEntity<ProblemDetail> notFound(String messageId) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No message with this id is known (it may be older than the retention period)");
		problem.setProperty("messageId", messageId.length() > 100 ? messageId.substring(0, 100) : messageId);
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
	}

}
