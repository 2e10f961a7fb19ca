package io.tributary.kit.topics;

import java.time.Duration;

import io.tributary.events.catalogue.TopicSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this environment creates the catalogue's topics. The defaults are the design's
 * production settings; a single-broker run sets {@code replication-factor} and
 * {@code min-insync-replicas} to 1.
 *
 * @param create whether to create missing topics at start-up (off where an operator, e.g.
 * Strimzi, owns them)
 * @param partitions partitions per topic
 * @param replicationFactor replicas per partition
 * @param minInsyncReplicas replicas that must have a write for {@code acks=all}
 * @param healthTimeout how long the Kafka health check waits for the cluster to answer
 */
@ConfigurationProperties("tributary.topics")
public record TopicProperties(@DefaultValue("true") boolean create, @DefaultValue("6") int partitions,
		@DefaultValue("3") short replicationFactor, @DefaultValue("2") int minInsyncReplicas,
		@DefaultValue("3s") Duration healthTimeout) {

	public TopicSettings settings() {
		return new TopicSettings(this.partitions, this.replicationFactor, this.minInsyncReplicas);
	}

}
