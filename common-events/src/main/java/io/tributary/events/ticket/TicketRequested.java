package io.tributary.events.ticket;

import java.time.Instant;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.Fields;
import io.tributary.events.TributaryEvent;

/**
 * A message placed on a ticket, new or existing, and waiting for triage and a reply.
 * Written to {@code processing.tickets.in}, keyed by customer id.
 *
 * @param metadata event metadata, caused by the normalized message
 * @param ticketId the ticket (deterministic, so a replay finds the same one)
 * @param customerId the customer
 * @param messageId the message
 * @param channel the channel to answer on
 * @param contactKey the contact to answer
 * @param customerName the customer's name, if known
 * @param subject the subject, if any
 * @param text the message text
 * @param threading email threading of the message, if any
 * @param newTicket whether this message opened the ticket
 * @param receivedAt when intake received the message
 */
public record TicketRequested(EventMetadata metadata, String ticketId, String customerId, String messageId,
		Channel channel, String contactKey, String customerName, String subject, String text, EmailThreading threading,
		boolean newTicket, Instant receivedAt) implements TributaryEvent {

	public TicketRequested {
		Fields.required(metadata, "metadata");
		Fields.required(ticketId, "ticketId");
		Fields.required(customerId, "customerId");
		Fields.required(messageId, "messageId");
		Fields.required(channel, "channel");
		Fields.required(contactKey, "contactKey");
		Fields.present(text, "text");
		threading = (threading != null) ? threading : EmailThreading.none();
		Fields.required(receivedAt, "receivedAt");
	}

}
