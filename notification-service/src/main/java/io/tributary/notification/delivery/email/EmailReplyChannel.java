package io.tributary.notification.delivery.email;

import java.time.Duration;
import java.util.Properties;
import java.util.stream.Collectors;

import io.tributary.events.Channel;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.notification.delivery.DeliveryException;
import io.tributary.notification.delivery.DeliveryProperties;
import io.tributary.notification.delivery.ReplyChannel;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends email replies with Spring's {@link JavaMailSender} (SMTP settings under
 * {@code spring.mail.*}). The reply's Message-ID is derived from its reply id, and
 * In-Reply-To / References continue the customer's thread, so their mail client shows one
 * conversation and their answer threads back to the ticket.
 */
@Component
class EmailReplyChannel implements ReplyChannel {

	private final JavaMailSender mail;

	private final DeliveryProperties properties;

	EmailReplyChannel(JavaMailSender mail, DeliveryProperties properties) {
		this.mail = mail;
		this.properties = properties;
	}

	@Override
	public Channel channel() {
		return Channel.EMAIL;
	}

	@Override
	public String deliver(ReplyPrepared reply) throws DeliveryException {
		String messageId = "<" + reply.replyId() + "@" + this.properties.messageIdDomain() + ">";
		MimeMessage message = build(reply, messageId);
		try {
			this.mail.send(message);
			return messageId;
		}
		catch (MailAuthenticationException ex) {
			throw DeliveryException.transientFailure("SMTP authentication failed", ex, Duration.ofMinutes(1));
		}
		catch (MailSendException ex) {
			throw classify(ex);
		}
		catch (MailException ex) {
			throw DeliveryException.transientFailure("SMTP unavailable: " + ex.getMessage(), ex, null);
		}
	}

	/**
	 * Building the message involves no network: what fails here fails every time, so it
	 * is permanent.
	 */
	private MimeMessage build(ReplyPrepared reply, String messageId) throws DeliveryException {
		try {
			MimeMessage message = new ThreadedMimeMessage(session(), messageId);
			MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
			helper.setFrom(this.properties.fromAddress());
			helper.setReplyTo(this.properties.replyTo());
			helper.setTo(new InternetAddress(reply.recipient(), true));
			helper.setSubject((reply.subject() != null) ? reply.subject() : "Your message to our support team");
			helper.setText(reply.body(), false);
			if (reply.threading().inReplyTo() != null) {
				message.setHeader("In-Reply-To", "<" + reply.threading().inReplyTo() + ">");
			}
			if (!reply.threading().references().isEmpty()) {
				message.setHeader("References",
						reply.threading()
							.references()
							.stream()
							.map((id) -> "<" + id + ">")
							.collect(Collectors.joining(" ")));
			}
			return message;
		}
		catch (AddressException ex) {
			throw DeliveryException.permanent("not a deliverable address: " + ex.getMessage(), ex);
		}
		catch (MessagingException ex) {
			throw DeliveryException.permanent("cannot build the email: " + ex.getMessage(), ex);
		}
	}

	private Session session() {
		return (this.mail instanceof JavaMailSenderImpl impl) ? impl.getSession()
				: Session.getInstance(new Properties());
	}

	/**
	 * A 5xx answer to the recipient is permanent; anything else (connection, 4xx) is
	 * worth retrying.
	 */
	private static DeliveryException classify(MailSendException ex) {
		String text = String.valueOf(ex.getMessage());
		boolean permanent = text.matches("(?s).*\\b5\\d\\d\\b.*") && !text.contains("Connection");
		return permanent ? DeliveryException.permanent("SMTP refused the reply: " + text, ex)
				: DeliveryException.transientFailure("SMTP did not take the reply: " + text, ex, null);
	}

}
