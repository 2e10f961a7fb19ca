package io.tributary.notification.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keeping snapshots.
 *
 * @param instanceRetention how long an instance that sent nothing stays listed (a pod
 * that went away)
 */
@ConfigurationProperties("tributary.notification.metrics")
public record MetricsProperties(@DefaultValue("15m") Duration instanceRetention) {

}
