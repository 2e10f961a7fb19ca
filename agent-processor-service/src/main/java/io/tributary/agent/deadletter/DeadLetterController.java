package io.tributary.agent.deadletter;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API for dead letters (ADMIN key required): {@code GET
 * /api/v1/admin/dead-letters/{topic}?limit=} lists them; {@code POST
 * /api/v1/admin/dead-letters/{topic}/replay} with
 * {@code {"partition":0,"fromOffset":3,"toOffset":3}} replays one, a range, or (empty
 * body) all of them to their source topic.
 */
@RestController
class DeadLetterController {

	private final DeadLetterInbox inbox;

	DeadLetterController(DeadLetterInbox inbox) {
		this.inbox = inbox;
	}

	@GetMapping("/api/v1/admin/dead-letters/{topic}")
	ResponseEntity<?> list(@PathVariable String topic, @RequestParam(defaultValue = "100") int limit) {
		if (!DeadLetterInbox.deadLetterTopics().contains(topic)) {
			return unknown(topic);
		}
		return ResponseEntity.ok(this.inbox.list(topic, Math.max(1, Math.min(limit, 1000))));
	}

	@PostMapping("/api/v1/admin/dead-letters/{topic}/replay")
	ResponseEntity<?> replay(@PathVariable String topic, @RequestBody(required = false) ReplayRequest request)
			throws Exception {
		if (!DeadLetterInbox.deadLetterTopics().contains(topic)) {
			return unknown(topic);
		}
		int replayed = this.inbox.replay(topic, (request != null) ? request : new ReplayRequest(null, null, null));
		return ResponseEntity.ok(Map.of("replayed", replayed));
	}

	private static ResponseEntity<ProblemDetail> unknown(String topic) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"Not a dead-letter topic of the catalogue");
		problem.setProperty("topic", topic.length() > 200 ? topic.substring(0, 200) : topic);
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
	}

}
