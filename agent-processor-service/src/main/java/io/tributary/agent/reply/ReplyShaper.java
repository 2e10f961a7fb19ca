package io.tributary.agent.reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tributary.events.EmailThreading;
import io.tributary.events.ticket.TicketRequested;

import org.springframework.stereotype.Component;

/**
 * Shapes a draft for its channel: email with a greeting, the signature, a "Re:" subject
 * and threading headers that answer the customer's message; WhatsApp as plain text within
 * the provider's length limit; the web channel with a greeting and the signature.
 */
@Component
public class ReplyShaper {

	private final ReplyProperties properties;

	public ReplyShaper(ReplyProperties properties) {
		this.properties = properties;
	}

	public ShapedReply shape(TicketRequested request, DraftReply draft) {
		return switch (request.channel()) {
			case EMAIL -> new ShapedReply(subject(request.subject()),
					greeting(request) + "\n\n" + draft.text() + "\n\n" + this.properties.signature(),
					answering(request.threading()));
			case WHATSAPP ->
				new ShapedReply(null, bound(draft.text(), this.properties.whatsAppMaxLength()), EmailThreading.none());
			case WEB_FORM ->
				new ShapedReply(null, greeting(request) + "\n\n" + draft.text() + "\n\n" + this.properties.signature(),
						EmailThreading.none());
		};
	}

	private static String greeting(TicketRequested request) {
		String name = request.customerName();
		String first = (name != null && !name.isBlank()) ? name.strip().split("\\s+")[0] : null;
		return (first != null) ? "Hello " + first + "," : "Hello,";
	}

	private static String subject(String subject) {
		if (subject == null || subject.isBlank()) {
			return "Your message to our support team";
		}
		return subject.toLowerCase(Locale.ROOT).startsWith("re:") ? subject : "Re: " + subject;
	}

	/**
	 * The reply answers the customer's message: In-Reply-To it, References its chain plus
	 * it.
	 */
	private static EmailThreading answering(EmailThreading message) {
		if (message.messageIdHeader() == null) {
			return EmailThreading.none();
		}
		List<String> references = new ArrayList<>(message.references());
		if (!references.contains(message.messageIdHeader())) {
			references.add(message.messageIdHeader());
		}
		return new EmailThreading(null, message.messageIdHeader(), references);
	}

	private static String bound(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

}
