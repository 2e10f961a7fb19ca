package io.tributary.kit.progress;

import java.time.Instant;
import java.util.Map;

/**
 * What is known of a message's journey.
 *
 * @param messageId the message
 * @param stage the furthest stage reached ({@code REJECTED} wins)
 * @param reachedAt when it first reached each stage
 * @param details facts recorded on the way (channel, ticketId, replyId, reason;
 * {@code repeats}: how many times intake received it again; {@code replayedAt} and
 * {@code rejectedBeforeReplay} once its dead letter was replayed)
 */
public record MessageStatus(String messageId, Stage stage, Map<Stage, Instant> reachedAt, Map<String, String> details) {

}
