package io.tributary.intake.email;

import java.util.List;

import io.tributary.events.Attachment;

/**
 * An email as read from any provider, before limits and mapping.
 *
 * @param fromName the sender's display name, if any
 * @param fromAddress the sender's address
 * @param subject the decoded subject
 * @param text the text/plain body, if any
 * @param html the text/html body, if any
 * @param rfcMessageId the RFC 5322 Message-ID without brackets, if any
 * @param inReplyTo the In-Reply-To id, if any
 * @param references the References ids
 * @param attachments attachment metadata
 */
public record EmailContent(String fromName, String fromAddress, String subject, String text, String html,
		String rfcMessageId, String inReplyTo, List<String> references, List<Attachment> attachments) {

}
