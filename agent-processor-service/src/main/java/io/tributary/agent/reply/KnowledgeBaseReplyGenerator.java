package io.tributary.agent.reply;

import java.util.Optional;

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
		Optional<KnowledgeBase.Match> best = this.knowledge.best(text);
		double confidence = best.map(KnowledgeBase.Match::confidence).orElse(0.0);
		if (best.isPresent() && confidence >= this.triage.minConfidence() && !triage.escalated()) {
			return new DraftReply(best.get().entry().answer(), ReplyKind.ANSWER, confidence, best.get().entry().id());
		}
		return new DraftReply(this.replies.acknowledgement(), ReplyKind.ACKNOWLEDGEMENT, confidence, null);
	}

}
