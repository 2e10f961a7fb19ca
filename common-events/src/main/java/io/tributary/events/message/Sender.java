package io.tributary.events.message;

import io.tributary.events.Fields;
import io.tributary.events.InvalidEventException;

/**
 * Who wrote a message, as the channel gave it (not yet normalized).
 *
 * @param name the display name, if any
 * @param email the email address, if any
 * @param phone the phone number, if any
 */
public record Sender(String name, String email, String phone) {

	public Sender {
		if (isBlank(email) && isBlank(phone)) {
			throw new InvalidEventException("sender needs an email or a phone");
		}
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	static Sender required(Sender sender) {
		return Fields.required(sender, "sender");
	}

}
