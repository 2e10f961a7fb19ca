package io.tributary.agent.ticket;

/**
 * The ticket a message was placed on.
 *
 * @param ticketId the ticket
 * @param newTicket whether the message opened it
 * @param joinedBy why an existing ticket was joined: {@code thread}, {@code window}, or
 * {@code new}
 */
public record TicketAssignment(String ticketId, boolean newTicket, String joinedBy) {

}
