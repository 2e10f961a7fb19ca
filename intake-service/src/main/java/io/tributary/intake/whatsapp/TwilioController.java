package io.tributary.intake.whatsapp;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.events.Attachment;
import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.message.BodyFormat;
import io.tributary.events.message.Sender;
import io.tributary.intake.acceptance.AcceptedMessage;
import io.tributary.intake.acceptance.InboundMessage;
import io.tributary.intake.acceptance.MessageAcceptor;
import io.tributary.intake.system.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code POST /api/v1/channels/whatsapp/twilio}: Twilio's incoming-message webhook. The
 * signature is checked before anything else; its {@code MessageSid} makes Twilio's
 * retries the same message.
 */
@RestController
class TwilioController {

	private static final String PATH = "/api/v1/channels/whatsapp/twilio";

	private static final int MAX_MEDIA = 10;

	private final MessageAcceptor acceptor;

	private final WhatsAppProperties properties;

	TwilioController(MessageAcceptor acceptor, WhatsAppProperties properties) {
		this.acceptor = acceptor;
		this.properties = properties;
	}

	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<AcceptedMessage> receive(HttpServletRequest request,
			@RequestHeader(name = "X-Twilio-Signature", required = false) String signature) {
		Map<String, List<String>> form = postParameters(request);
		TwilioSignature.verify(this.properties.twilioAuthToken(), requestedUrl(request), form, signature);

		String from = single(form, "From");
		String sid = single(form, "MessageSid");
		if (from == null || from.isBlank()) {
			throw new InvalidRequestException("From", "is required");
		}
		if (sid == null || sid.isBlank()) {
			throw new InvalidRequestException("MessageSid", "is required");
		}
		String body = (single(form, "Body") != null) ? single(form, "Body") : "";
		List<Attachment> media = new ArrayList<>();
		Map<String, String> attributes = new LinkedHashMap<>();
		int count = parseCount(single(form, "NumMedia"));
		for (int i = 0; i < Math.min(count, MAX_MEDIA); i++) {
			String type = single(form, "MediaContentType" + i);
			media.add(new Attachment(null, (type != null) ? type : "application/octet-stream", 0));
			String url = single(form, "MediaUrl" + i);
			if (url != null) {
				attributes.put("media." + i + ".url", url);
			}
		}
		InboundMessage inbound = new InboundMessage(Channel.WHATSAPP, "twilio", sid,
				new Sender(single(form, "ProfileName"), null, from), null, body, BodyFormat.TEXT, EmailThreading.none(),
				media, attributes);
		AcceptedMessage accepted = this.acceptor.accept(inbound);
		return ResponseEntity.accepted().location(URI.create(accepted.statusUrl())).body(accepted);
	}

	/**
	 * The URL Twilio called: the configured public base (behind a proxy) or what this
	 * server saw.
	 */
	private String requestedUrl(HttpServletRequest request) {
		String query = (request.getQueryString() != null) ? "?" + request.getQueryString() : "";
		String base = this.properties.twilioPublicBaseUrl();
		if (!base.isBlank()) {
			return base.replaceAll("/+$", "") + request.getRequestURI() + query;
		}
		return request.getRequestURL() + query;
	}

	/**
	 * The form fields of the body only: the servlet parameter map also holds query-string
	 * parameters, which Twilio's signature covers as part of the URL, not as parameters.
	 */
	private static Map<String, List<String>> postParameters(HttpServletRequest request) {
		Map<String, List<String>> all = new LinkedHashMap<>();
		request.getParameterMap().forEach((name, values) -> all.put(name, new ArrayList<>(List.of(values))));
		if (request.getQueryString() != null) {
			MultiValueMap<String, String> query = UriComponentsBuilder.fromUriString("?" + request.getQueryString())
				.build()
				.getQueryParams();
			query.forEach((name, values) -> {
				List<String> remaining = all.get(name);
				if (remaining != null) {
					values.forEach(remaining::remove);
					if (remaining.isEmpty()) {
						all.remove(name);
					}
				}
			});
		}
		return all;
	}

	private static String single(Map<String, List<String>> form, String name) {
		List<String> values = form.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	private static int parseCount(String value) {
		try {
			return (value != null) ? Math.max(0, Integer.parseInt(value.strip())) : 0;
		}
		catch (NumberFormatException ex) {
			throw new InvalidRequestException("NumMedia", "must be a number");
		}
	}

}
