package io.tributary.agent.reply;

import io.tributary.agent.triage.Triage;
import io.tributary.events.ticket.TicketRequested;

/**
 * Writes the text of a reply. The pipeline depends only on this interface, so an
 * LLM-backed generator can replace the knowledge base without touching it.
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
