package io.tributary.events.ticket;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static io.tributary.events.ticket.TicketStatus.AWAITING_REPLY;
import static io.tributary.events.ticket.TicketStatus.CLOSED;
import static io.tributary.events.ticket.TicketStatus.ESCALATED;
import static io.tributary.events.ticket.TicketStatus.OPEN;
import static io.tributary.events.ticket.TicketStatus.REPLIED;
import static org.assertj.core.api.Assertions.assertThat;

class TicketStatusTests {

	/** The lifecycle written out move by move, independently of the switch it tests. */
	private static final Set<List<TicketStatus>> MOVES = Set.of(List.of(OPEN, REPLIED), List.of(OPEN, ESCALATED),
			List.of(OPEN, CLOSED), List.of(AWAITING_REPLY, REPLIED), List.of(AWAITING_REPLY, ESCALATED),
			List.of(AWAITING_REPLY, CLOSED), List.of(REPLIED, AWAITING_REPLY), List.of(REPLIED, ESCALATED),
			List.of(REPLIED, CLOSED), List.of(ESCALATED, CLOSED));

	@Test
	void onlyTheLifecyclesMovesAreAllowed() {
		Set<List<TicketStatus>> allowed = new HashSet<>();
		for (TicketStatus from : TicketStatus.values()) {
			for (TicketStatus to : TicketStatus.values()) {
				if (from.canBecome(to)) {
					allowed.add(List.of(from, to));
				}
			}
		}
		assertThat(allowed).isEqualTo(MOVES);
	}

	@Test
	void anEscalatedTicketIsLeftOnlyByClosingItAndAClosedOneNeverMoves() {
		assertThat(TicketStatus.from(REPLIED)).isEqualTo(EnumSet.of(OPEN, AWAITING_REPLY));
		assertThat(TicketStatus.from(AWAITING_REPLY)).containsExactly(REPLIED);
		assertThat(TicketStatus.from(CLOSED)).doesNotContain(CLOSED).hasSize(4);
		assertThat(TicketStatus.from(OPEN)).isEmpty();
	}

}
