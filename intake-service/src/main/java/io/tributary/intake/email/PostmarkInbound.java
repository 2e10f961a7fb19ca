package io.tributary.intake.email;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The fields of Postmark's inbound webhook JSON that intake uses (the rest is ignored).
 *
 * @param from the sender address
 * @param fromName the sender name
 * @param fromFull the sender, structured
 * @param subject the subject
 * @param messageId Postmark's own id of the message (not the RFC Message-ID)
 * @param textBody the text body
 * @param htmlBody the HTML body
 * @param headers the message headers, including Message-ID, In-Reply-To and References
 * @param attachments the attachments
 */
record PostmarkInbound(@JsonProperty("From") String from, @JsonProperty("FromName") String fromName,
		@JsonProperty("FromFull") Address fromFull, @JsonProperty("Subject") String subject,
		@JsonProperty("MessageID") String messageId, @JsonProperty("TextBody") String textBody,
		@JsonProperty("HtmlBody") String htmlBody, @JsonProperty("Headers") List<Header> headers,
		@JsonProperty("Attachments") List<AttachmentInfo> attachments) {

	String header(String name) {
		return (this.headers == null) ? null
				: this.headers.stream()
					.filter((header) -> name.equalsIgnoreCase(header.name()))
					.map(Header::value)
					.findFirst()
					.orElse(null);
	}

	record Address(@JsonProperty("Email") String email, @JsonProperty("Name") String name) {

	}

	record Header(@JsonProperty("Name") String name, @JsonProperty("Value") String value) {

	}

	record AttachmentInfo(@JsonProperty("Name") String name, @JsonProperty("ContentType") String contentType,
			@JsonProperty("ContentLength") long contentLength) {

	}

}
