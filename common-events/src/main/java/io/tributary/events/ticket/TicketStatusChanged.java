package io.tributary.events.ticket;

import io.tributary.events.EventMetadata;
import io.tributary.events.Fields;
import io.tributary.events.TributaryEvent;

/**
 * A ticket moved from one status to another. Written to {@code processing.tickets.out},
 * keyed by ticket id.
 *
 * @param metadata event metadata
 * @param ticketId the ticket
 * @param customerId the customer
 * @param previousStatus the status before, absent for a new ticket
 * @param status the status now
 * @param reason why it changed
 */
public record TicketStatusChanged(EventMetadata metadata, String ticketId, String customerId,
		TicketStatus previousStatus, TicketStatus status, String reason) implements TributaryEvent {

	public TicketStatusChanged {
		Fields.required(metadata, "metadata");
		Fields.required(ticketId, "ticketId");
		Fields.required(customerId, "customerId");
		Fields.required(status, "status");
		Fields.required(reason, "reason");
	}

}
