package io.tributary.agent.reply;

import io.tributary.agent.triage.Triage;
import io.tributary.agent.triage.TriageProperties;
import io.tributary.events.reply.ReplyKind;
import io.tributary.events.ticket.TicketRequested;

import org.springframework.stereotype.Component;

/**
 * Answers from the knowledge base when the best entry is confident enough and triage did
 * not hand the ticket to a person; otherwise acknowledges.
 */
@Component
class KnowledgeBaseReplyGenerator implements ReplyGenerator {

	private final KnowledgeBase knowledge;

	private final ReplyProperties replies;

	private final TriageProperties triage;

	KnowledgeBaseReplyGenerator(KnowledgeBase knowledge, ReplyProperties replies, TriageProperties triage) {
		this.knowledge = knowledge;
		this.replies = replies;
		this.triage = triage;
	}

	@Override
	public DraftReply draft(TicketRequested request, Triage triage) {
		String text = ((request.subject() != null) ? request.subject() + "\n" : "") + request.text();
		return this.knowledge.best(text)
			.filter((match) -> match.confidence() >= this.triage.minConfidence() && !triage.escalated())
			.map((match) -> new DraftReply(match.entry().answer(), ReplyKind.ANSWER, match.confidence(),
					match.entry().id()))
			.orElseGet(() -> new DraftReply(this.replies.acknowledgement(), ReplyKind.ACKNOWLEDGEMENT,
					this.knowledge.best(text).map(KnowledgeBase.Match::confidence).orElse(0.0), null));
	}

}
