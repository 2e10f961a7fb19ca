package io.tributary.agent.identity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Resolves contacts to customers in Redis, deterministically and idempotently: a new
 * customer's id is derived from its first contact, mappings are created with SET NX (so
 * racing consumers converge on one id), and when a message links contacts of several
 * customers the smallest id survives and the others are folded into it. Running the same
 * message again changes nothing.
 *
 * <p>
 * Keys: {@code identity:contact:{contact}} → customer id; {@code customer:{id}:contacts}
 * (set); {@code customer:{id}:merged-into} → the surviving id.
 */
@Component
public class IdentityResolver {

	private static final int MAX_MERGE_CHAIN = 16;

	private final StringRedisTemplate redis;

	public IdentityResolver(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Resolves a message's contacts.
	 * @param contacts the message's normalized contacts, the contact key first
	 * @return the customer
	 */
	public Resolution resolve(List<String> contacts) {
		Set<String> known = new TreeSet<>();
		for (String contact : contacts) {
			String customer = this.redis.opsForValue().get(contactKey(contact));
			if (customer != null) {
				known.add(survivorOf(customer));
			}
		}
		boolean newCustomer = false;
		String customerId;
		if (known.isEmpty()) {
			customerId = "cus-" + UUID.nameUUIDFromBytes(contacts.get(0).getBytes(StandardCharsets.UTF_8));
			Boolean claimed = this.redis.opsForValue().setIfAbsent(contactKey(contacts.get(0)), customerId);
			if (!Boolean.TRUE.equals(claimed)) {
				customerId = survivorOf(this.redis.opsForValue().get(contactKey(contacts.get(0))));
			}
			newCustomer = Boolean.TRUE.equals(claimed);
		}
		else {
			customerId = known.iterator().next();
		}
		List<String> merged = new ArrayList<>();
		for (String other : known) {
			if (!other.equals(customerId)) {
				fold(other, customerId);
				merged.add(other);
			}
		}
		for (String contact : contacts) {
			this.redis.opsForValue().setIfAbsent(contactKey(contact), customerId);
			this.redis.opsForSet().add(contactsKey(customerId), contact);
		}
		Set<String> all = this.redis.opsForSet().members(contactsKey(customerId));
		return new Resolution(customerId, List.copyOf(new TreeSet<>((all != null) ? all : Set.of())), newCustomer,
				merged);
	}

	/** The customer an id stands for now, following merges. */
	public String survivorOf(String customerId) {
		String current = customerId;
		for (int i = 0; i < MAX_MERGE_CHAIN; i++) {
			String next = this.redis.opsForValue().get(mergedKey(current));
			if (next == null) {
				return current;
			}
			current = next;
		}
		return current;
	}

	private void fold(String from, String into) {
		this.redis.opsForValue().set(mergedKey(from), into);
		Set<String> moving = this.redis.opsForSet().members(contactsKey(from));
		for (String contact : new LinkedHashSet<>((moving != null) ? moving : Set.of())) {
			this.redis.opsForValue().set(contactKey(contact), into);
			this.redis.opsForSet().add(contactsKey(into), contact);
		}
	}

	static String contactKey(String contact) {
		return "identity:contact:{" + contact + "}";
	}

	static String contactsKey(String customerId) {
		return "customer:{" + customerId + "}:contacts";
	}

	static String mergedKey(String customerId) {
		return "customer:{" + customerId + "}:merged-into";
	}

}
