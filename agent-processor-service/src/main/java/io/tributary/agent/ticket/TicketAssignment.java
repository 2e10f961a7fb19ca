package io.tributary.agent.ticket;

import io.tributary.events.ticket.TicketStatus;

/**
 * The ticket a message was placed on.
 *
 * @param ticketId the ticket
 * @param newTicket whether the message opened it
 * @param joinedBy why an existing ticket was joined: {@code thread}, {@code window}, or
 * {@code new}
 * @param awaitingReplyFrom the status the ticket had when this message, the customer
 * writing again, moved it to {@code AWAITING_REPLY}; null when it moved nothing
 */
public record TicketAssignment(String ticketId, boolean newTicket, String joinedBy, TicketStatus awaitingReplyFrom) {

}
