package io.tributary.intake.acceptance;

/**
 * The answer to an accepted message: stored in Kafka, with where to follow it.
 *
 * @param messageId the message's id
 * @param correlationId the id every event caused by it carries
 * @param statusUrl where its progress can be read
 */
public record AcceptedMessage(String messageId, String correlationId, String statusUrl) {

	static AcceptedMessage of(String messageId) {
		return new AcceptedMessage(messageId, messageId, "/api/v1/messages/" + messageId);
	}

}
