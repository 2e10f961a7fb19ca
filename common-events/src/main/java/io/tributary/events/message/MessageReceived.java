package io.tributary.events.message;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.events.Attachment;
import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.Fields;
import io.tributary.events.TributaryEvent;

/**
 * A customer message as intake accepted it, before normalization. Written to
 * {@code ingestion.raw.messages}, keyed by {@code contactKey}.
 *
 * @param metadata event metadata; for the raw message its ids are the {@code messageId}
 * @param messageId Tributary's id of the message, derived from the provider's id when
 * there is one
 * @param channel the channel it arrived on
 * @param provider who delivered it (web-form, sendgrid, postmark, mime, twilio, meta)
 * @param providerMessageId the provider's own id, if any
 * @param contactKey the normalized sender address used as the Kafka key
 * @param sender the sender as given
 * @param subject the subject, if the channel has one
 * @param body the body as received
 * @param bodyFormat whether the body is text or HTML
 * @param threading email threading, if any
 * @param attachments attachment metadata
 * @param receivedAt when intake received it
 * @param attributes channel-specific extras (category, form fields, media URLs)
 */
public record MessageReceived(EventMetadata metadata, String messageId, Channel channel, String provider,
		String providerMessageId, String contactKey, Sender sender, String subject, String body, BodyFormat bodyFormat,
		EmailThreading threading, List<Attachment> attachments, Instant receivedAt,
		Map<String, String> attributes) implements TributaryEvent {

	public MessageReceived {
		Fields.required(metadata, "metadata");
		Fields.required(messageId, "messageId");
		Fields.required(channel, "channel");
		Fields.required(provider, "provider");
		Fields.required(contactKey, "contactKey");
		Sender.required(sender);
		Fields.present(body, "body");
		Fields.required(bodyFormat, "bodyFormat");
		threading = (threading != null) ? threading : EmailThreading.none();
		attachments = Fields.list(attachments);
		Fields.required(receivedAt, "receivedAt");
		attributes = Fields.map(attributes);
	}

}
