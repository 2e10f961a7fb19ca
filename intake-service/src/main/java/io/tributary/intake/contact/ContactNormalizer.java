package io.tributary.intake.contact;

import java.util.Locale;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.tributary.events.message.Sender;

import org.springframework.stereotype.Component;

/**
 * Turns contacts as customers type them into the canonical form used as Kafka key and
 * identity: emails trimmed and lower-cased, phone numbers in E.164 via Google's
 * libphonenumber (the reference implementation of numbering plans, kept current with
 * them; hand-written phone parsing is always wrong somewhere).
 */
@Component
public class ContactNormalizer {

	/**
	 * Deliberately loose: the mailbox is the provider's business; we only refuse what
	 * cannot be one.
	 */
	private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]{1,64}@[^@\\s<>\"]+\\.[^@\\s<>\"]{2,}$");

	private static final int MAX_EMAIL_LENGTH = 254;

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	private final String defaultRegion;

	public ContactNormalizer(ContactProperties properties) {
		this.defaultRegion = properties.defaultRegion().toUpperCase(Locale.ROOT);
	}

	public String email(String raw) {
		String email = (raw != null) ? raw.strip().toLowerCase(Locale.ROOT) : "";
		if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
			throw new InvalidContactException("email", "not a valid email address");
		}
		return email;
	}

	public String phone(String raw) {
		String text = (raw != null) ? raw.strip() : "";
		if (text.startsWith("whatsapp:")) {
			text = text.substring("whatsapp:".length());
		}
		try {
			PhoneNumber number = this.phones.parse(text, this.defaultRegion);
			if (!this.phones.isValidNumber(number)) {
				throw new InvalidContactException("phone", "not a valid phone number");
			}
			return this.phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
		}
		catch (NumberParseException ex) {
			throw new InvalidContactException("phone", "not a valid phone number");
		}
	}

	public boolean isValidPhone(String raw) {
		try {
			phone(raw);
			return true;
		}
		catch (InvalidContactException ex) {
			return false;
		}
	}

	/**
	 * The key that keeps one customer's messages in order: the email when there is one,
	 * else the phone.
	 * @param sender the sender as given
	 * @return the normalized contact key
	 */
	public String contactKey(Sender sender) {
		if (sender.email() != null && !sender.email().isBlank()) {
			return email(sender.email());
		}
		return phone(sender.phone());
	}

}
