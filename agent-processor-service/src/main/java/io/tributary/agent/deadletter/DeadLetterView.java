package io.tributary.agent.deadletter;

import java.time.Instant;

/**
 * A dead letter as operators see it (never its value: that is a customer's message).
 *
 * @param topic the dead-letter topic
 * @param partition its partition
 * @param offset its offset
 * @param originalTopic where it came from
 * @param originalOffset its offset there
 * @param reason why it was given up on
 * @param exception the exception class
 * @param eventId its CloudEvents id, if it has one
 * @param deadLetteredAt when
 */
public record DeadLetterView(String topic, int partition, long offset, String originalTopic, Long originalOffset,
		String reason, String exception, String eventId, Instant deadLetteredAt) {

}
