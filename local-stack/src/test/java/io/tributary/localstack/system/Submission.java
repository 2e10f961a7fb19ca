package io.tributary.localstack.system;

import java.util.Map;

/**
 * One HTTP request to intake and what the pipeline must make of it.
 *
 * @param kind what it is
 * @param path the intake path
 * @param contentType its content type
 * @param body its body
 * @param headers extra headers (signatures)
 * @param contact the sender as the pipeline keys it (for reply checks)
 * @param replyChannel where the reply goes: EMAIL, WHATSAPP or WEB
 * @param original for a repeat, the submission it repeats
 */
record Submission(Kind kind, String path, String contentType, String body, Map<String, String> headers, String contact,
		String replyChannel, Submission original) {

	/** What a submission is meant to test. */
	enum Kind {

		/** A new, valid message: one ticket request, one delivered reply. */
		VALID,

		/**
		 * The provider sending the same message again: the same message id, nothing new.
		 */
		PROVIDER_RETRY,

		/**
		 * The same sender sending the same text again under a new id: recognised,
		 * rejected.
		 */
		RESUBMISSION,

		/**
		 * Accepted at the edge, but not a message the pipeline can process:
		 * dead-lettered.
		 */
		POISON

	}

	Submission repeatedAs(Kind kind) {
		return new Submission(kind, this.path, this.contentType, this.body, this.headers, this.contact,
				this.replyChannel, this);
	}

}
