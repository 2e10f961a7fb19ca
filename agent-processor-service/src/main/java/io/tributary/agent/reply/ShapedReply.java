package io.tributary.agent.reply;

import io.tributary.events.EmailThreading;

/**
 * A reply ready for its channel.
 *
 * @param subject the subject, for email
 * @param body the text as the customer will read it
 * @param threading threading that continues the customer's email conversation
 */
public record ShapedReply(String subject, String body, EmailThreading threading) {

}
