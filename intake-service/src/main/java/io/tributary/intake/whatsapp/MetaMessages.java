package io.tributary.intake.whatsapp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.events.Attachment;
import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.message.BodyFormat;
import io.tributary.events.message.Sender;
import io.tributary.intake.acceptance.AcceptedMessage;
import io.tributary.intake.acceptance.InboundMessage;
import io.tributary.intake.acceptance.MessageAcceptor;
import io.tributary.intake.system.InvalidRequestException;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Maps one message object of a Meta webhook to an inbound message. Its {@code wamid}
 * makes Meta's retries the same message. Media become attachment metadata (the media id,
 * to fetch it later), with the caption as text; button and list replies become their
 * title.
 */
@Component
class MetaMessages {

	private static final Set<String> MEDIA = Set.of("image", "audio", "video", "document", "sticker");

	private final MessageAcceptor acceptor;

	MetaMessages(MessageAcceptor acceptor) {
		this.acceptor = acceptor;
	}

	AcceptedMessage accept(JsonNode message, JsonNode contacts) {
		String wamid = message.path("id").asString("");
		String from = message.path("from").asString("");
		if (wamid.isBlank()) {
			throw new InvalidRequestException("messages[].id", "is required");
		}
		if (from.isBlank()) {
			throw new InvalidRequestException("messages[].from", "is required");
		}
		String type = message.path("type").asString("unknown");
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("type", type);
		List<Attachment> attachments = new ArrayList<>();
		String text;
		if ("text".equals(type)) {
			text = message.path("text").path("body").asString("");
		}
		else if (MEDIA.contains(type)) {
			JsonNode media = message.path(type);
			attachments.add(new Attachment(media.path("filename").asString(null),
					media.path("mime_type").asString("application/octet-stream"), 0));
			attributes.put("media.0.id", media.path("id").asString(""));
			text = media.path("caption").asString("");
		}
		else if ("button".equals(type)) {
			text = message.path("button").path("text").asString("");
		}
		else if ("interactive".equals(type)) {
			JsonNode reply = message.path("interactive");
			text = reply.path("button_reply")
				.path("title")
				.asString(reply.path("list_reply").path("title").asString(""));
		}
		else {
			text = "";
			attributes.put("unsupported", "true");
		}
		if (message.hasNonNull("context")) {
			attributes.put("replyTo", message.path("context").path("id").asString(""));
		}
		InboundMessage inbound = new InboundMessage(Channel.WHATSAPP, "meta", wamid,
				new Sender(profileName(contacts, from), null, "+" + from.replaceFirst("^\\+", "")), null, text,
				BodyFormat.TEXT, EmailThreading.none(), attachments, attributes);
		return this.acceptor.accept(inbound);
	}

	private static String profileName(JsonNode contacts, String waId) {
		for (JsonNode contact : contacts) {
			if (waId.equals(contact.path("wa_id").asString(""))) {
				return contact.path("profile").path("name").asString(null);
			}
		}
		return null;
	}

}
