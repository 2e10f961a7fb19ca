package io.tributary.intake.acceptance;

import java.util.List;
import java.util.Map;

import io.tributary.events.Attachment;
import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.message.BodyFormat;
import io.tributary.events.message.Sender;

/**
 * A message as a channel adapter read it from its provider, before intake gives it ids.
 *
 * @param channel the channel
 * @param provider who delivered it (web-form, sendgrid, postmark, mime, twilio, meta)
 * @param providerMessageId the provider's id, or the client's idempotency key;
 * {@code null} if none
 * @param sender who wrote it
 * @param subject the subject, if any
 * @param body the body as received
 * @param bodyFormat text or HTML
 * @param threading email threading, if any
 * @param attachments attachment metadata
 * @param attributes channel-specific extras
 */
public record InboundMessage(Channel channel, String provider, String providerMessageId, Sender sender, String subject,
		String body, BodyFormat bodyFormat, EmailThreading threading, List<Attachment> attachments,
		Map<String, String> attributes) {

}
