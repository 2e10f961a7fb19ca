package io.tributary.notification.delivery.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A MIME message that keeps the Message-ID we give it: Jakarta Mail replaces the
 * Message-ID on save unless {@code updateMessageID} is overridden.
 */
class ThreadedMimeMessage extends MimeMessage {

	private final String messageId;

	ThreadedMimeMessage(Session session, String messageId) {
		super(session);
		this.messageId = messageId;
	}

	@Override
	protected void updateMessageID() throws MessagingException {
		setHeader("Message-ID", this.messageId);
	}

}
