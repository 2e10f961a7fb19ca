package io.tributary.intake.acceptance;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.tributary.events.Channel;

/**
 * Message ids. With a provider id (or a client's idempotency key) the message id is a
 * name-based UUID of channel, provider, sender and that id, so a provider's retry yields
 * the same message id and is recognised downstream as a repeat, while two clients that
 * happen to pick the same idempotency key do not collide.
 */
public final class MessageIds {

	private MessageIds() {
	}

	public static String of(Channel channel, String provider, String contactKey, String providerMessageId) {
		if (providerMessageId == null || providerMessageId.isBlank()) {
			return "msg-" + UUID.randomUUID();
		}
		String name = channel.name() + '|' + provider + '|' + contactKey + '|' + providerMessageId;
		return "msg-" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
	}

}
