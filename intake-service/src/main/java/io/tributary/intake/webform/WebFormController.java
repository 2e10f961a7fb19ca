package io.tributary.intake.webform;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.message.BodyFormat;
import io.tributary.events.message.Sender;
import io.tributary.intake.acceptance.AcceptedMessage;
import io.tributary.intake.acceptance.ContentDigest;
import io.tributary.intake.acceptance.InboundMessage;
import io.tributary.intake.acceptance.MessageAcceptor;
import io.tributary.intake.system.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/channels/web-form/messages}: a support form submission. Answers 202
 * once the message is stored in Kafka; an {@code Idempotency-Key} makes a client's retry
 * the same message.
 */
@RestController
@RequestMapping("/api/v1/channels/web-form")
class WebFormController {

	static final String PROVIDER = "web-form";

	private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[\\x21-\\x7E]{1,128}$");

	private final MessageAcceptor acceptor;

	private final WebFormRateLimiter rateLimiter;

	WebFormController(MessageAcceptor acceptor, WebFormRateLimiter rateLimiter) {
		this.acceptor = acceptor;
		this.rateLimiter = rateLimiter;
	}

	@PostMapping(path = "/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedMessage> submit(@Valid @RequestBody WebFormSubmission form,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			HttpServletRequest request) {
		if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
			throw new InvalidRequestException("Idempotency-Key", "must be 1 to 128 visible ASCII characters");
		}
		this.rateLimiter.check(request.getRemoteAddr(), form.email());
		AcceptedMessage accepted = this.acceptor.accept(toInbound(form, idempotencyKey),
				(idempotencyKey != null) ? fingerprint(form) : null);
		return ResponseEntity.accepted().location(URI.create(accepted.statusUrl())).body(accepted);
	}

	/**
	 * What the submission says, as a digest: fields in a fixed order, each with its
	 * length, so that no two different submissions read alike.
	 */
	static String fingerprint(WebFormSubmission form) {
		return ContentDigest.of(form.name(), form.email(), form.phone(), form.subject(), form.message(),
				form.category());
	}

	private static InboundMessage toInbound(WebFormSubmission form, String idempotencyKey) {
		Map<String, String> attributes = (form.category() != null && !form.category().isBlank())
				? Map.of("category", form.category().strip()) : Map.of();
		return new InboundMessage(Channel.WEB_FORM, PROVIDER, idempotencyKey,
				new Sender(form.name().strip(), form.email(), form.phone()), form.subject(), form.message(),
				BodyFormat.TEXT, EmailThreading.none(), List.of(), attributes);
	}

}
