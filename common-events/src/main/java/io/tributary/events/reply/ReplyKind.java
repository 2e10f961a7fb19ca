package io.tributary.events.reply;

/**
 * Whether a reply answers the question or only acknowledges it while a person takes over.
 */
public enum ReplyKind {

	ANSWER, ACKNOWLEDGEMENT

}
