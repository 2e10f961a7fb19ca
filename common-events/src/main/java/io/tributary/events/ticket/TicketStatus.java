package io.tributary.events.ticket;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a ticket, and the only moves it may make:
 *
 * <pre>
 * (none) ──message──▶ OPEN
 * OPEN, AWAITING_REPLY ──automatic reply──▶ REPLIED
 * REPLIED ──the customer writes again──▶ AWAITING_REPLY
 * OPEN, AWAITING_REPLY, REPLIED ──escalation──▶ ESCALATED
 * any but CLOSED ──closed by a person (admin API)──▶ CLOSED
 * </pre>
 *
 * An escalated ticket stays escalated until a person closes it: a later automatic reply
 * or customer message does not hand it back. A closed ticket is never joined again; the
 * customer's next message opens a new one.
 */
public enum TicketStatus {

	OPEN, AWAITING_REPLY, REPLIED, ESCALATED, CLOSED;

	/**
	 * Whether a ticket in this status may move to the given one.
	 * @param next the status asked for
	 * @return whether the move is one of the lifecycle's
	 */
	public boolean canBecome(TicketStatus next) {
		return switch (next) {
			case OPEN -> false;
			case REPLIED -> this == OPEN || this == AWAITING_REPLY;
			case AWAITING_REPLY -> this == REPLIED;
			case ESCALATED -> this == OPEN || this == AWAITING_REPLY || this == REPLIED;
			case CLOSED -> this != CLOSED;
		};
	}

	/**
	 * The statuses from which a ticket may move to the given one.
	 * @param next the status asked for
	 * @return those statuses
	 */
	public static Set<TicketStatus> from(TicketStatus next) {
		Set<TicketStatus> from = EnumSet.noneOf(TicketStatus.class);
		for (TicketStatus status : values()) {
			if (status.canBecome(next)) {
				from.add(status);
			}
		}
		return from;
	}

}
