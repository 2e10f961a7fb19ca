package io.tributary.agent.reply;

import io.tributary.events.reply.ReplyKind;

/**
 * A reply's text before it is shaped for its channel.
 *
 * @param text the answer or acknowledgement
 * @param kind answer or acknowledgement
 * @param confidence how well the best answer matched, 0 to 1
 * @param source the knowledge base entry used, if any
 */
public record DraftReply(String text, ReplyKind kind, double confidence, String source) {

}
