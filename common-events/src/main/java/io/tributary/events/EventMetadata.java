package io.tributary.events;

import java.time.Instant;

/**
 * What every event says about itself. Ids are derived deterministically from what caused
 * the event, so a replay produces the same ids and downstream steps can recognise it.
 *
 * @param eventId unique id of this event (the CloudEvents {@code id})
 * @param correlationId id of the first message of the chain, the same on every event it
 * causes
 * @param causationId id of the event (or inbound message) that caused this one
 * @param occurredAt when the event happened
 */
public record EventMetadata(String eventId, String correlationId, String causationId, Instant occurredAt) {

	public EventMetadata {
		Fields.required(eventId, "metadata.eventId");
		Fields.required(correlationId, "metadata.correlationId");
		Fields.required(causationId, "metadata.causationId");
		Fields.required(occurredAt, "metadata.occurredAt");
	}

	/**
	 * Metadata of the first event of a chain: an inbound message is its own correlation
	 * and cause.
	 * @param messageId the inbound message id
	 * @param occurredAt when it was received
	 * @return metadata whose three ids are {@code messageId}
	 */
	public static EventMetadata first(String messageId, Instant occurredAt) {
		return new EventMetadata(messageId, messageId, messageId, occurredAt);
	}

	/**
	 * Metadata of an event caused by this one: same correlation, caused by this event.
	 * @param eventId the new event's id
	 * @param occurredAt when it happened
	 * @return the follow-up metadata
	 */
	public EventMetadata next(String eventId, Instant occurredAt) {
		return new EventMetadata(eventId, this.correlationId, this.eventId, occurredAt);
	}

}
