package io.tributary.events.message;

import java.util.List;

import io.tributary.events.Channel;
import io.tributary.events.EventMetadata;
import io.tributary.events.Fields;
import io.tributary.events.InvalidEventException;
import io.tributary.events.TributaryEvent;

/**
 * The normalizer's verdict on a raw message. Written to
 * {@code ingestion.validation.results}, keyed by message id. A rejection always says why.
 *
 * @param metadata event metadata, caused by the raw message
 * @param messageId the message id
 * @param channel the channel, when it could be read
 * @param outcome accepted or rejected
 * @param reasons why it was rejected (empty when accepted)
 */
public record MessageValidated(EventMetadata metadata, String messageId, Channel channel, ValidationOutcome outcome,
		List<String> reasons) implements TributaryEvent {

	public MessageValidated {
		Fields.required(metadata, "metadata");
		Fields.required(messageId, "messageId");
		Fields.required(outcome, "outcome");
		reasons = Fields.list(reasons);
		if (outcome == ValidationOutcome.REJECTED && reasons.isEmpty()) {
			throw new InvalidEventException("reasons must say why a message was rejected");
		}
	}

}
