package io.tributary.intake.publishing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long intake waits for Kafka before answering 503.
 *
 * @param timeout the longest a request waits for Kafka to acknowledge its raw record;
 * keep it at or above the producer's {@code delivery.timeout.ms} so a 503 is rarely
 * followed by a late success
 * @param retryAfter what a 503 tells the sender to wait before retrying
 */
@ConfigurationProperties("tributary.intake.publishing")
public record PublishingProperties(@DefaultValue("5s") Duration timeout, @DefaultValue("5s") Duration retryAfter) {

}
