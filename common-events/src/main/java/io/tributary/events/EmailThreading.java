package io.tributary.events;

import java.util.List;

/**
 * RFC 5322 threading of an email: the message's own {@code Message-ID} and the ids it
 * answers. A provider's own message id (SendGrid, Postmark) is not the RFC one and is not
 * kept here.
 *
 * @param messageIdHeader the RFC {@code Message-ID}, without angle brackets
 * @param inReplyTo the {@code In-Reply-To} id, if any
 * @param references the {@code References} ids, oldest first
 */
public record EmailThreading(String messageIdHeader, String inReplyTo, List<String> references) {

	public EmailThreading {
		references = Fields.list(references);
	}

	public static EmailThreading none() {
		return new EmailThreading(null, null, List.of());
	}

}
