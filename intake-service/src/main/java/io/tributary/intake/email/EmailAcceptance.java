package io.tributary.intake.email;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.tributary.events.Attachment;
import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.message.BodyFormat;
import io.tributary.events.message.Sender;
import io.tributary.intake.acceptance.AcceptedMessage;
import io.tributary.intake.acceptance.ContentDigest;
import io.tributary.intake.acceptance.InboundMessage;
import io.tributary.intake.acceptance.MessageAcceptor;
import io.tributary.intake.system.InvalidRequestException;

import org.springframework.stereotype.Component;

/**
 * Applies the attachment limits to an email from any provider and accepts it. Attachments
 * over the limits are never dropped silently: the message is kept, the excess is recorded
 * in its attributes, and the response warns about it.
 */
@Component
class EmailAcceptance {

	private final MessageAcceptor acceptor;

	private final EmailProperties properties;

	EmailAcceptance(MessageAcceptor acceptor, EmailProperties properties) {
		this.acceptor = acceptor;
		this.properties = properties;
	}

	EmailAccepted accept(String provider, String providerMessageId, EmailContent email) {
		if (email.fromAddress() == null || email.fromAddress().isBlank()) {
			throw new InvalidRequestException("from", "the email has no sender address");
		}
		boolean hasText = email.text() != null && !email.text().isBlank();
		String body = hasText ? email.text() : (email.html() != null) ? email.html() : "";
		BodyFormat format = (!hasText && email.html() != null) ? BodyFormat.HTML : BodyFormat.TEXT;

		Map<String, String> attributes = new LinkedHashMap<>();
		List<String> warnings = new ArrayList<>();
		List<Attachment> kept = limitAttachments(email.attachments(), attributes, warnings);

		InboundMessage inbound = new InboundMessage(Channel.EMAIL, provider, providerMessageId,
				new Sender(email.fromName(), email.fromAddress(), null), email.subject(), body, format,
				new EmailThreading(email.rfcMessageId(), email.inReplyTo(), email.references()), kept, attributes);
		// A Message-ID is chosen by the sender's mailer, and some reuse one for different
		// emails; ids a provider assigns (Postmark's) are its own and unique.
		boolean senderChosenId = providerMessageId != null && providerMessageId.equals(email.rfcMessageId());
		AcceptedMessage accepted = senderChosenId ? this.acceptor.acceptUnderSenderChosenId(inbound, fingerprint(email))
				: this.acceptor.accept(inbound);
		return new EmailAccepted(accepted, warnings);
	}

	/**
	 * What the email says, the same for every delivery of it: a provider's retry of the
	 * same MIME message, or SendGrid's parsed fields, read alike, whatever the transport
	 * headers added.
	 */
	private static String fingerprint(EmailContent email) {
		List<String> fields = new ArrayList<>(Arrays.asList(email.fromName(), email.fromAddress(), email.subject(),
				email.text(), email.html(), email.inReplyTo()));
		fields.addAll(email.references());
		for (Attachment attachment : email.attachments()) {
			fields.add(attachment.filename() + "|" + attachment.contentType() + "|" + attachment.sizeBytes());
		}
		return ContentDigest.of(fields.toArray(String[]::new));
	}

	private List<Attachment> limitAttachments(List<Attachment> attachments, Map<String, String> attributes,
			List<String> warnings) {
		long maxSize = this.properties.maxAttachmentSize().toBytes();
		List<Attachment> oversize = attachments.stream().filter((a) -> a.sizeBytes() > maxSize).toList();
		if (!oversize.isEmpty()) {
			attributes.put("attachments.oversize",
					oversize.stream().map(EmailAcceptance::nameOf).collect(Collectors.joining(",")));
			warnings.add(oversize.size() + " attachment(s) larger than " + maxSize + " bytes: "
					+ attributes.get("attachments.oversize"));
		}
		int max = this.properties.maxAttachments();
		if (attachments.size() > max) {
			attributes.put("attachments.omitted", Integer.toString(attachments.size() - max));
			warnings.add((attachments.size() - max) + " attachment(s) over the limit of " + max
					+ " per message were not recorded");
			return attachments.subList(0, max);
		}
		return attachments;
	}

	private static String nameOf(Attachment attachment) {
		return (attachment.filename() != null) ? attachment.filename() : "(unnamed " + attachment.contentType() + ")";
	}

	/**
	 * The answer to an accepted email.
	 *
	 * @param accepted ids and status URL
	 * @param warnings what was over a limit
	 */
	record EmailAccepted(@JsonUnwrapped AcceptedMessage accepted, List<String> warnings) {

	}

}
