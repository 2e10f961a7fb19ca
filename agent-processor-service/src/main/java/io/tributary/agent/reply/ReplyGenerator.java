package io.tributary.agent.reply;

import io.tributary.agent.triage.Triage;
import io.tributary.events.ticket.TicketRequested;

/**
 * Writes the text of a reply. The pipeline depends only on this interface, so an
 * LLM-backed generator can replace the knowledge base without touching it.
 *
 * <p>
 * Failures: throw {@link io.tributary.kit.stage.TransientFailure} (or let a
 * {@code DataAccessException} or an I/O exception through) when a later attempt may
 * succeed, a model's timeout say: the batch is rolled back and retried, nothing is
 * dead-lettered. Anything else means this request cannot be answered: it goes to
 * {@code processing.tickets.in-dlt} with the reason, its status says rejected, and the
 * rest of the batch is answered.
 */
public interface ReplyGenerator {

	/**
	 * Drafts the reply to a message.
	 * @param request the message on its ticket
	 * @param triage what triage concluded
	 * @return the draft; an acknowledgement when no answer is confident enough
	 */
	DraftReply draft(TicketRequested request, Triage triage);

}
