package io.tributary.events.ticket;

/** The life of a ticket. */
public enum TicketStatus {

	OPEN, AWAITING_REPLY, REPLIED, ESCALATED, CLOSED

}
