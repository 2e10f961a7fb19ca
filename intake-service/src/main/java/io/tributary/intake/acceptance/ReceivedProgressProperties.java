package io.tributary.intake.acceptance;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How accepted messages' RECEIVED progress is written to Redis
 * ({@link ReceivedProgress}).
 *
 * @param timeout the longest a request waits for its entry once Kafka acknowledged its
 * message; past it the request is answered anyway (the message is stored) and the miss is
 * counted
 * @param queueCapacity entries waiting for Redis at most; when Redis is slow or away,
 * further entries are counted as failures at once instead of piling up in the heap
 * @param batchSize entries written in one round trip at most
 */
@ConfigurationProperties("tributary.intake.received-progress")
public record ReceivedProgressProperties(@DefaultValue("2s") Duration timeout, @DefaultValue("10000") int queueCapacity,
		@DefaultValue("256") int batchSize) {

}
