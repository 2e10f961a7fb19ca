package io.tributary.agent.identity;

import java.util.Set;
import java.util.TreeSet;

import io.tributary.agent.ticket.TicketDesk;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/customers/{id}}: a customer's contacts and tickets. An id merged
 * into another answers with the surviving customer and says so. Tickets closed longer ago
 * than their retention are gone and not listed.
 */
@RestController
class CustomerController {

	private final StringRedisTemplate redis;

	private final IdentityResolver identities;

	private final TicketDesk tickets;

	CustomerController(StringRedisTemplate redis, IdentityResolver identities, TicketDesk tickets) {
		this.redis = redis;
		this.identities = identities;
		this.tickets = tickets;
	}

	@GetMapping("/api/v1/customers/{customerId}")
	ResponseEntity<?> customer(@PathVariable String customerId) {
		String survivor = this.identities.survivorOf(customerId);
		Set<String> contacts = members(IdentityResolver.contactsKey(survivor));
		if (contacts.isEmpty()) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such customer"));
		}
		return ResponseEntity.ok(new CustomerView(survivor, survivor.equals(customerId) ? null : customerId, contacts,
				new TreeSet<>(this.tickets.existing(members("customer:{" + survivor + "}:tickets")))));
	}

	private Set<String> members(String key) {
		Set<String> members = this.redis.opsForSet().members(key);
		return new TreeSet<>((members != null) ? members : Set.of());
	}

	/**
	 * A customer.
	 *
	 * @param customerId the customer (the surviving one after merges)
	 * @param requestedId the id asked for, when it was merged into this one
	 * @param contacts the customer's contacts
	 * @param tickets the customer's tickets
	 */
	record CustomerView(String customerId, String requestedId, Set<String> contacts, Set<String> tickets) {

	}

}
