package io.tributary.notification.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/v1/audit}: the audit trail of one correlation id, ticket or customer,
 * oldest first. Read-only by construction: there is no other mapping, so any other method
 * answers 405 (and needs credentials first).
 */
@RestController
class AuditController {

	private final AuditStore store;

	private final AuditProperties properties;

	AuditController(AuditStore store, AuditProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	@GetMapping("/api/v1/audit")
	AuditTrail audit(@RequestParam(required = false) String correlationId,
			@RequestParam(required = false) String ticketId, @RequestParam(required = false) String customerId,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
			@RequestParam(defaultValue = "100") int limit) {
		List<String> problems = new ArrayList<>();
		int given = count(correlationId) + count(ticketId) + count(customerId);
		if (given != 1) {
			problems.add("give exactly one of correlationId, ticketId, customerId");
		}
		if (limit < 1 || limit > this.properties.maxResults()) {
			problems.add("limit must be between 1 and " + this.properties.maxResults());
		}
		if (from != null && to != null && from.isAfter(to)) {
			problems.add("from must not be after to");
		}
		if (!problems.isEmpty()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, String.join("; ", problems));
		}
		AuditIndex index = (correlationId != null) ? AuditIndex.CORRELATION
				: (ticketId != null) ? AuditIndex.TICKET : AuditIndex.CUSTOMER;
		String value = (correlationId != null) ? correlationId : (ticketId != null) ? ticketId : customerId;
		return new AuditTrail(index.parameter(), value, this.store.find(index, value, from, to, limit));
	}

	private static int count(String parameter) {
		return (parameter != null && !parameter.isBlank()) ? 1 : 0;
	}

	/**
	 * An answer.
	 *
	 * @param by what was looked up
	 * @param id the id looked up
	 * @param entries the entries, oldest first
	 */
	record AuditTrail(String by, String id, List<AuditEntry> entries) {

	}

}
