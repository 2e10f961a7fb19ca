package io.tributary.events.reply;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.Fields;
import io.tributary.events.TributaryEvent;

/**
 * A reply ready to be delivered to the customer. Written to
 * {@code processing.responses.out}, keyed by ticket id.
 *
 * @param metadata event metadata, caused by the ticket request
 * @param replyId the reply (deterministic per message, so it is delivered at most once)
 * @param ticketId the ticket
 * @param customerId the customer
 * @param messageId the message it answers
 * @param channel the channel to deliver on
 * @param recipient the address to deliver to (email or E.164 phone)
 * @param subject the subject, for email
 * @param body the text, already shaped for the channel
 * @param kind an answer or an acknowledgement
 * @param confidence how sure the answer is, from 0 to 1
 * @param threading threading to continue the customer's email conversation
 */
public record ReplyPrepared(EventMetadata metadata, String replyId, String ticketId, String customerId,
		String messageId, Channel channel, String recipient, String subject, String body, ReplyKind kind,
		double confidence, EmailThreading threading) implements TributaryEvent {

	public ReplyPrepared {
		Fields.required(metadata, "metadata");
		Fields.required(replyId, "replyId");
		Fields.required(ticketId, "ticketId");
		Fields.required(customerId, "customerId");
		Fields.required(messageId, "messageId");
		Fields.required(channel, "channel");
		Fields.required(recipient, "recipient");
		Fields.required(body, "body");
		Fields.required(kind, "kind");
		Fields.between(confidence, 0, 1, "confidence");
		threading = (threading != null) ? threading : EmailThreading.none();
	}

}
