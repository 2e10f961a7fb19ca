package io.tributary.events.message;

import java.time.Instant;
import java.util.List;

import io.tributary.events.Attachment;
import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.Fields;
import io.tributary.events.TributaryEvent;

/**
 * A message in canonical form: contacts normalized (lower-cased email, E.164 phone), text
 * extracted from HTML, quoted replies and signatures trimmed. Written to
 * {@code ingestion.normalized.messages}, keyed by {@code contactKey}.
 *
 * @param metadata event metadata, caused by the raw message
 * @param messageId the message id given at intake
 * @param channel the channel it arrived on
 * @param provider who delivered it
 * @param providerMessageId the provider's own id, if any
 * @param contactKey the normalized sender address (email or E.164 phone)
 * @param customerName the sender's name, if given
 * @param email the normalized email, if any
 * @param phone the E.164 phone, if any
 * @param subject the subject, if any
 * @param text the cleaned plain text, possibly empty
 * @param threading email threading, if any
 * @param attachments attachment metadata
 * @param contentHash a hash of sender and content, to recognise resubmissions under a new
 * id
 * @param receivedAt when intake received it
 */
public record MessageNormalized(EventMetadata metadata, String messageId, Channel channel, String provider,
		String providerMessageId, String contactKey, String customerName, String email, String phone, String subject,
		String text, EmailThreading threading, List<Attachment> attachments, String contentHash,
		Instant receivedAt) implements TributaryEvent {

	public MessageNormalized {
		Fields.required(metadata, "metadata");
		Fields.required(messageId, "messageId");
		Fields.required(channel, "channel");
		Fields.required(provider, "provider");
		Fields.required(contactKey, "contactKey");
		Fields.present(text, "text");
		threading = (threading != null) ? threading : EmailThreading.none();
		attachments = Fields.list(attachments);
		Fields.required(contentHash, "contentHash");
		Fields.required(receivedAt, "receivedAt");
	}

}
