package io.tributary.agent.identity;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads customer identities in Redis. They are written by the ticketing script
 * ({@code scripts/place-message.lua}), deterministically and idempotently: a new
 * customer's id is derived from its first contact, mappings are created with SET NX, and
 * when a message links contacts of several customers the smallest id survives and the
 * others are folded into it. Running the same message again changes nothing.
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

	static String contactsKey(String customerId) {
		return "customer:{" + customerId + "}:contacts";
	}

	static String mergedKey(String customerId) {
		return "customer:{" + customerId + "}:merged-into";
	}

}
