package io.tributary.intake.whatsapp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import io.tributary.intake.acceptance.AcceptedMessage;
import io.tributary.intake.contact.InvalidContactException;
import io.tributary.intake.publishing.AuditTrail;
import io.tributary.intake.system.InvalidRequestException;
import io.tributary.intake.system.InvalidSignatureException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|POST /api/v1/channels/whatsapp/meta}: Meta's WhatsApp Cloud API webhook. The
 * body is verified against {@code X-Hub-Signature-256} as raw bytes before it is parsed.
 * One delivery can batch several entries, changes and messages: each message becomes its
 * own record. Status callbacks (sent, delivered, read, failed) go to the audit trail.
 */
@RestController
class MetaController {

	private static final String PATH = "/api/v1/channels/whatsapp/meta";

	private final MetaMessages messages;

	private final AuditTrail audit;

	private final WhatsAppProperties properties;

	MetaController(MetaMessages messages, AuditTrail audit, WhatsAppProperties properties) {
		this.messages = messages;
		this.audit = audit;
		this.properties = properties;
	}

	/** The subscription handshake: echo the challenge when the verify token matches. */
	@GetMapping(path = PATH, produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
			@RequestParam(name = "hub.verify_token", required = false) String token,
			@RequestParam(name = "hub.challenge", required = false) String challenge) {
		if (!"subscribe".equals(mode) || this.properties.metaVerifyToken().isEmpty()
				|| !Signatures.matches(this.properties.metaVerifyToken(), token) || challenge == null) {
			return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN).body("Forbidden");
		}
		return ResponseEntity.ok(challenge);
	}

	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<MetaDeliveryResult> receive(@RequestBody byte[] body,
			@RequestHeader(name = "X-Hub-Signature-256", required = false) String signature) {
		verifySignature(body, signature);
		JsonNode delivery;
		try {
			delivery = JsonMapper.shared().readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidRequestException("body", "not valid JSON");
		}
		if (!delivery.path("entry").isArray()) {
			throw new InvalidRequestException("entry", "is required and must be an array");
		}
		List<AcceptedMessage> accepted = new ArrayList<>();
		List<ProblemDetail> rejected = new ArrayList<>();
		int statuses = 0;
		for (JsonNode entry : delivery.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				JsonNode value = change.path("value");
				for (JsonNode message : value.path("messages")) {
					try {
						accepted.add(this.messages.accept(message, value.path("contacts")));
					}
					catch (InvalidRequestException | InvalidContactException ex) {
						rejected.add(rejection(message, ex));
					}
				}
				for (JsonNode status : value.path("statuses")) {
					if (status.hasNonNull("id") && status.hasNonNull("status")) {
						this.audit.providerStatus("meta", status.get("id").asString(), status.get("status").asString(),
								Instant.now());
						statuses++;
					}
				}
			}
		}
		return ResponseEntity.ok(new MetaDeliveryResult(accepted, rejected, statuses));
	}

	private void verifySignature(byte[] body, String signature) {
		String secret = this.properties.metaAppSecret();
		if (secret.isEmpty()) {
			throw new InvalidSignatureException("The Meta webhook is not configured (no app secret)");
		}
		if (signature == null || signature.isBlank()) {
			throw new InvalidSignatureException("Missing X-Hub-Signature-256");
		}
		String expected = "sha256=" + HexFormat.of().formatHex(Signatures.hmac("HmacSHA256", secret, body));
		if (!Signatures.matches(expected, signature.strip().toLowerCase(Locale.ROOT))) {
			throw new InvalidSignatureException("Wrong X-Hub-Signature-256");
		}
	}

	/**
	 * A message Meta cannot fix by retrying is reported back rather than failing the
	 * whole batch.
	 */
	private static ProblemDetail rejection(JsonNode message, RuntimeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				(ex instanceof InvalidRequestException invalid) ? invalid.problems().toString() : ex.getMessage());
		problem.setProperty("wamid", message.path("id").asString(""));
		return problem;
	}

	/**
	 * What a delivery produced.
	 *
	 * @param accepted one entry per message stored
	 * @param rejected messages that could not be read, with why
	 * @param statuses status callbacks recorded
	 */
	record MetaDeliveryResult(List<AcceptedMessage> accepted, List<ProblemDetail> rejected, int statuses) {

	}

}
