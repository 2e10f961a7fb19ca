package io.tributary.agent.dedup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dedup windows.
 *
 * @param idRetention how long a processed message id is remembered (a retry or replay
 * within it is skipped)
 * @param contentWindow how long the same content from the same sender under a new id
 * counts as a resubmission
 */
@ConfigurationProperties("tributary.agent.dedup")
public record DedupProperties(@DefaultValue("24h") Duration idRetention, @DefaultValue("10m") Duration contentWindow) {

}
