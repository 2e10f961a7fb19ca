package io.tributary.agent.dedup;

/** What dedup says of a message. */
public enum DedupVerdict {

	/** Not seen: process it. */
	NEW,

	/** This message id was already processed (or is earlier in the same batch). */
	DUPLICATE_ID,

	/**
	 * The same sender sent the same content under another id within the content window.
	 */
	DUPLICATE_CONTENT

}
