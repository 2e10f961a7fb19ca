package io.tributary.events;

/**
 * What is kept of an attachment: its metadata, never its content (that stays with the
 * provider).
 *
 * @param filename the file name the sender gave, if any
 * @param contentType the MIME type
 * @param sizeBytes the size in bytes
 */
public record Attachment(String filename, String contentType, long sizeBytes) {

	public Attachment {
		Fields.required(contentType, "attachment.contentType");
		Fields.atLeast(sizeBytes, 0, "attachment.sizeBytes");
	}

}
