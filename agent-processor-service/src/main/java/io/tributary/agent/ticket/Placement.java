package io.tributary.agent.ticket;

import io.tributary.agent.dedup.DedupVerdict;
import io.tributary.agent.identity.Resolution;

/**
 * What stage one made of a message: a repeat, or a customer and a ticket.
 *
 * @param verdict what dedup says
 * @param duplicateOf for a resubmission, the message that first sent the content
 * @param customer the customer, for a new message
 * @param ticket the ticket, for a new message
 */
record Placement(DedupVerdict verdict, String duplicateOf, Resolution customer, TicketAssignment ticket) {

	static Placement repeat(DedupVerdict verdict, String duplicateOf) {
		return new Placement(verdict, duplicateOf, null, null);
	}

}
