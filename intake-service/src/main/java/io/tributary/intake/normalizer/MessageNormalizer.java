package io.tributary.intake.normalizer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.tributary.events.Channel;
import io.tributary.events.message.BodyFormat;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.message.Sender;
import io.tributary.intake.contact.ContactNormalizer;
import io.tributary.intake.contact.InvalidContactException;

import org.springframework.stereotype.Component;

/**
 * Turns a raw message into its canonical form. Pure: the same raw message always gives
 * the same normalized message, so a redelivery produces an identical record.
 */
@Component
public class MessageNormalizer {

	private final ContactNormalizer contacts;

	private final NormalizerProperties properties;

	public MessageNormalizer(ContactNormalizer contacts, NormalizerProperties properties) {
		this.contacts = contacts;
		this.properties = properties;
	}

	public MessageNormalized normalize(MessageReceived raw) {
		Sender sender = raw.sender();
		String email = optionalContact(sender.email(), true);
		String phone = optionalContact(sender.phone(), false);
		String contactKey = (email != null) ? email : phone;
		if (contactKey == null) {
			throw new NormalizationException("sender: neither a valid email nor a valid phone number");
		}
		String text = text(raw);
		if (text.isEmpty() && raw.attachments().isEmpty()) {
			throw new NormalizationException("text: the message has no text and no attachments");
		}
		String subject = (raw.subject() != null) ? TextCleaner
			.bound(TextCleaner.tidyWhitespace(raw.subject()).replace('\n', ' '), this.properties.maxSubjectLength())
				: null;
		String name = (sender.name() != null && !sender.name().isBlank())
				? TextCleaner.bound(TextCleaner.tidyWhitespace(sender.name()).replace('\n', ' '), 200) : null;
		return new MessageNormalized(raw.metadata().next("norm-" + raw.messageId(), raw.receivedAt()), raw.messageId(),
				raw.channel(), raw.provider(), raw.providerMessageId(), contactKey, name, email, phone, subject, text,
				raw.threading(), raw.attachments(), contentHash(contactKey, raw.channel(), subject, text),
				raw.receivedAt());
	}

	private String text(MessageReceived raw) {
		String text = (raw.bodyFormat() == BodyFormat.HTML) ? HtmlText.of(raw.body()) : raw.body();
		text = text.replace("\r\n", "\n");
		if (raw.channel() == Channel.EMAIL) {
			text = TextCleaner.trimEmailReply(text);
		}
		return TextCleaner.bound(TextCleaner.tidyWhitespace(text), this.properties.maxTextLength());
	}

	private String optionalContact(String value, boolean isEmail) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return isEmail ? this.contacts.email(value) : this.contacts.phone(value);
		}
		catch (InvalidContactException ex) {
			throw new NormalizationException(ex.field() + ": " + ex.getMessage());
		}
	}

	/**
	 * Sender, channel and content: the same text sent again under a new id hashes the
	 * same.
	 */
	static String contentHash(String contactKey, Channel channel, String subject, String text) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (String part : new String[] { contactKey, channel.name(), (subject != null) ? subject : "", text }) {
				sha.update(part.getBytes(StandardCharsets.UTF_8));
				sha.update((byte) 0);
			}
			return "sha256:" + HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

}
