package io.tributary.agent.ticket;

import io.tributary.agent.dedup.DedupVerdict;
import io.tributary.agent.identity.Resolution;

/**
 * What stage one made of a message: a repeat, a customer and a ticket, or nothing,
 * because Redis refused the message's placement.
 *
 * @param verdict what dedup says ({@code null} when the placement failed)
 * @param duplicateOf for a resubmission, the message that first sent the content
 * @param customer the customer, for a new message
 * @param ticket the ticket, for a new message
 * @param failure why Redis refused to place the message ({@code null} when placed)
 */
record Placement(DedupVerdict verdict, String duplicateOf, Resolution customer, TicketAssignment ticket,
		String failure) {

	static Placement repeat(DedupVerdict verdict, String duplicateOf) {
		return new Placement(verdict, duplicateOf, null, null, null);
	}

	static Placement failed(String failure) {
		return new Placement(null, null, null, null, failure);
	}

}
