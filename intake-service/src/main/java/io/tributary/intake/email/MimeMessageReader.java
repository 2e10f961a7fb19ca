package io.tributary.intake.email;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import io.tributary.events.Attachment;
import io.tributary.intake.system.InvalidRequestException;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import org.springframework.stereotype.Component;

/**
 * Reads an RFC 822 / MIME message with Jakarta Mail (Eclipse Angus), the reference MIME
 * implementation on the JVM: encoded words in headers and file names, charsets, transfer
 * encodings and nested multiparts are its job, not ours. For multipart/alternative the
 * plain text is preferred; an HTML-only message keeps its HTML for the normalizer to turn
 * into text.
 */
@Component
public class MimeMessageReader {

	private static final Session SESSION;

	static {
		Properties properties = new Properties();
		properties.setProperty("mail.mime.address.strict", "false");
		SESSION = Session.getInstance(properties);
	}

	public EmailContent read(byte[] rfc822) {
		try {
			MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(rfc822));
			Address[] from = message.getFrom();
			if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress sender)) {
				throw new InvalidRequestException("From", "the message has no sender address");
			}
			Bodies bodies = new Bodies();
			collect(message, bodies);
			return new EmailContent(sender.getPersonal(), sender.getAddress(), message.getSubject(), bodies.text,
					bodies.html, MessageIdHeaders.first(message.getMessageID()),
					MessageIdHeaders.first(message.getHeader("In-Reply-To", " ")),
					MessageIdHeaders.ids(message.getHeader("References", " ")), bodies.attachments);
		}
		catch (MessagingException | IOException ex) {
			throw new InvalidRequestException("message", "not a readable MIME message: " + ex.getMessage());
		}
	}

	private void collect(Part part, Bodies bodies) throws MessagingException, IOException {
		if (isAttachment(part)) {
			bodies.attachments.add(new Attachment(fileName(part), baseType(part), sizeOf(part)));
			return;
		}
		if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart child = multipart.getBodyPart(i);
				collect(child, bodies);
			}
			return;
		}
		if (part.isMimeType("text/plain") && bodies.text == null) {
			bodies.text = text(part);
		}
		else if (part.isMimeType("text/html") && bodies.html == null) {
			bodies.html = text(part);
		}
		else if (!part.isMimeType("text/*") && !part.isMimeType("multipart/*")) {
			bodies.attachments.add(new Attachment(fileName(part), baseType(part), sizeOf(part)));
		}
	}

	private static boolean isAttachment(Part part) throws MessagingException {
		return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())
				|| (part.getFileName() != null && !part.isMimeType("multipart/*"));
	}

	/**
	 * The decoded text in its declared charset; an unknown charset falls back to UTF-8,
	 * lenient.
	 */
	private static String text(Part part) throws MessagingException, IOException {
		String charset = new ContentType(part.getContentType()).getParameter("charset");
		Charset decoding = StandardCharsets.UTF_8;
		if (charset != null) {
			try {
				decoding = Charset.forName(MimeUtility.javaCharset(charset));
			}
			catch (IllegalArgumentException ex) {
				// unknown or unsupported charset: UTF-8 with replacement characters beats
				// losing the text
			}
		}
		try (InputStream in = part.getInputStream()) {
			return new String(in.readAllBytes(), decoding);
		}
	}

	/**
	 * The file name with RFC 2047 encoded words decoded (Jakarta Mail only does that when
	 * a JVM-wide system property is set, which a library should not set for everyone).
	 */
	private static String fileName(Part part) throws MessagingException {
		String name = part.getFileName();
		if (name == null || !name.contains("=?")) {
			return name;
		}
		try {
			return MimeUtility.decodeText(name);
		}
		catch (UnsupportedEncodingException ex) {
			return name;
		}
	}

	private static String baseType(Part part) throws MessagingException {
		try {
			return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
		}
		catch (MessagingException ex) {
			return "application/octet-stream";
		}
	}

	private static long sizeOf(Part part) throws MessagingException, IOException {
		try (InputStream in = part.getInputStream()) {
			return in.transferTo(OutputStream.nullOutputStream());
		}
	}

	private static final class Bodies {

		private String text;

		private String html;

		private final List<Attachment> attachments = new ArrayList<>();

	}

}
