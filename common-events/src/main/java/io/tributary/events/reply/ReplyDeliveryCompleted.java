package io.tributary.events.reply;

import io.tributary.events.Channel;
import io.tributary.events.EventMetadata;
import io.tributary.events.Fields;
import io.tributary.events.TributaryEvent;

/**
 * The final outcome of delivering a reply. Written to {@code processing.tickets.out},
 * keyed by ticket id.
 *
 * @param metadata event metadata, caused by the reply
 * @param replyId the reply
 * @param ticketId the ticket
 * @param channel the channel it went out on
 * @param outcome delivered or failed for good
 * @param providerMessageId the provider's id of the sent message, if delivered
 * @param detail what happened, for people
 */
public record ReplyDeliveryCompleted(EventMetadata metadata, String replyId, String ticketId, Channel channel,
		DeliveryOutcome outcome, String providerMessageId, String detail) implements TributaryEvent {

	public ReplyDeliveryCompleted {
		Fields.required(metadata, "metadata");
		Fields.required(replyId, "replyId");
		Fields.required(ticketId, "ticketId");
		Fields.required(channel, "channel");
		Fields.required(outcome, "outcome");
	}

}
