package io.tributary.intake.email;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.tributary.events.Attachment;
import io.tributary.intake.email.EmailAcceptance.EmailAccepted;
import io.tributary.intake.system.InvalidRequestException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The email webhooks: SendGrid Inbound Parse, Postmark inbound, and raw RFC 822 messages.
 */
@RestController
@RequestMapping("/api/v1/channels/email")
class EmailController {

	private final EmailAcceptance acceptance;

	private final MimeMessageReader mime;

	private final WebhookCredentials credentials;

	EmailController(EmailAcceptance acceptance, MimeMessageReader mime, WebhookCredentials credentials) {
		this.acceptance = acceptance;
		this.mime = mime;
		this.credentials = credentials;
	}

	/** A raw RFC 822 / MIME message; its Message-ID identifies retries. */
	@PostMapping(path = "/mime", consumes = "message/rfc822")
	ResponseEntity<EmailAccepted> mime(@RequestBody byte[] message,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		this.credentials.check(authorization);
		EmailContent email = this.mime.read(message);
		return accepted(this.acceptance.accept("mime", email.rfcMessageId(), email));
	}

	/**
	 * Postmark's inbound JSON; its own MessageID identifies retries, the RFC Message-ID
	 * threads.
	 */
	@PostMapping(path = "/postmark", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<EmailAccepted> postmark(@RequestBody PostmarkInbound inbound,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		this.credentials.check(authorization);
		String address = (inbound.fromFull() != null && inbound.fromFull().email() != null) ? inbound.fromFull().email()
				: inbound.from();
		String name = (inbound.fromFull() != null && inbound.fromFull().name() != null) ? inbound.fromFull().name()
				: inbound.fromName();
		List<Attachment> attachments = (inbound.attachments() == null) ? List.of()
				: inbound.attachments()
					.stream()
					.map((a) -> new Attachment(a.name(),
							(a.contentType() != null) ? a.contentType() : "application/octet-stream",
							Math.max(0, a.contentLength())))
					.toList();
		EmailContent email = new EmailContent(name, address, inbound.subject(), inbound.textBody(), inbound.htmlBody(),
				MessageIdHeaders.first(inbound.header("Message-ID")),
				MessageIdHeaders.first(inbound.header("In-Reply-To")),
				MessageIdHeaders.ids(inbound.header("References")), attachments);
		return accepted(this.acceptance.accept("postmark", inbound.messageId(), email));
	}

	/**
	 * SendGrid Inbound Parse: the whole MIME message in the {@code email} field (raw
	 * mode), or parsed fields whose charsets the {@code charsets} field gives.
	 */
	@PostMapping(path = "/sendgrid", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<EmailAccepted> sendgrid(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization)
			throws IOException, ServletException {
		this.credentials.check(authorization);
		Part raw = request.getPart("email");
		if (raw != null) {
			EmailContent email = this.mime.read(bytes(raw));
			return accepted(this.acceptance.accept("sendgrid", email.rfcMessageId(), email));
		}
		EmailContent email = parsedSendGrid(request);
		return accepted(this.acceptance.accept("sendgrid", email.rfcMessageId(), email));
	}

	private EmailContent parsedSendGrid(HttpServletRequest request) throws IOException, ServletException {
		JsonNode charsets = json(field(request, "charsets", StandardCharsets.UTF_8));
		String from = field(request, "from", charset(charsets, "from"));
		if (from == null || from.isBlank()) {
			throw new InvalidRequestException("from", "is required");
		}
		InternetAddress sender;
		try {
			sender = new InternetAddress(MimeUtility.decodeText(from), false);
		}
		catch (AddressException ex) {
			throw new InvalidRequestException("from", "not a valid address");
		}
		InternetHeaders headers = headers(field(request, "headers", charset(charsets, "headers")));
		JsonNode attachmentInfo = json(field(request, "attachment-info", StandardCharsets.UTF_8));
		List<Attachment> attachments = new ArrayList<>();
		for (Part part : request.getParts()) {
			if (part.getName().startsWith("attachment") && part.getSubmittedFileName() != null) {
				JsonNode info = attachmentInfo.path(part.getName());
				String type = info.path("type").asString(part.getContentType());
				attachments.add(new Attachment(info.path("filename").asString(part.getSubmittedFileName()),
						(type != null && !type.isBlank()) ? type : "application/octet-stream", part.getSize()));
			}
		}
		return new EmailContent(sender.getPersonal(), sender.getAddress(),
				decoded(field(request, "subject", charset(charsets, "subject"))),
				field(request, "text", charset(charsets, "text")), field(request, "html", charset(charsets, "html")),
				MessageIdHeaders.first(header(headers, "Message-ID")),
				MessageIdHeaders.first(header(headers, "In-Reply-To")),
				MessageIdHeaders.ids(header(headers, "References")), attachments);
	}

	private static String field(HttpServletRequest request, String name, Charset charset)
			throws IOException, ServletException {
		Part part = request.getPart(name);
		return (part != null) ? new String(bytes(part), charset) : null;
	}

	private static byte[] bytes(Part part) throws IOException {
		try (InputStream in = part.getInputStream()) {
			return in.readAllBytes();
		}
	}

	private static Charset charset(JsonNode charsets, String field) {
		String name = charsets.path(field).asString("UTF-8");
		try {
			return Charset.forName(MimeUtility.javaCharset(name));
		}
		catch (IllegalArgumentException ex) {
			return StandardCharsets.UTF_8;
		}
	}

	private static JsonNode json(String text) {
		if (text == null || text.isBlank()) {
			return JsonMapper.shared().createObjectNode();
		}
		try {
			return JsonMapper.shared().readTree(text);
		}
		catch (RuntimeException ex) {
			return JsonMapper.shared().createObjectNode();
		}
	}

	private static InternetHeaders headers(String block) {
		try {
			return new InternetHeaders(
					new ByteArrayInputStream(((block != null) ? block : "").getBytes(StandardCharsets.UTF_8)), true);
		}
		catch (MessagingException ex) {
			return new InternetHeaders();
		}
	}

	private static String header(InternetHeaders headers, String name) {
		return headers.getHeader(name, " ");
	}

	private static String decoded(String text) {
		if (text == null) {
			return null;
		}
		try {
			return MimeUtility.decodeText(text);
		}
		catch (UnsupportedEncodingException ex) {
			return text;
		}
	}

	private static ResponseEntity<EmailAccepted> accepted(EmailAccepted accepted) {
		return ResponseEntity.accepted().location(URI.create(accepted.accepted().statusUrl())).body(accepted);
	}

}
