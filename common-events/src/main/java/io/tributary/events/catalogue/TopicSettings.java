package io.tributary.events.catalogue;

/**
 * The per-environment part of topic configuration.
 *
 * @param partitions partitions per topic (a dead-letter topic gets as many as its source)
 * @param replicationFactor replicas per partition
 * @param minInsyncReplicas replicas that must have a write before {@code acks=all}
 * succeeds
 */
public record TopicSettings(int partitions, short replicationFactor, int minInsyncReplicas) {

	/** The design's production defaults: 6 partitions, 3 replicas, 2 in sync. */
	public static final TopicSettings PRODUCTION = new TopicSettings(6, (short) 3, 2);

	public TopicSettings {
		if (partitions < 1) {
			throw new IllegalArgumentException("partitions must be at least 1");
		}
		if (replicationFactor < 1) {
			throw new IllegalArgumentException("replicationFactor must be at least 1");
		}
		if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
			throw new IllegalArgumentException("minInsyncReplicas must be between 1 and the replication factor");
		}
	}

	/**
	 * Settings for a single broker, where only one replica can exist.
	 * @param partitions partitions per topic
	 * @return settings with replication factor 1
	 */
	public static TopicSettings singleBroker(int partitions) {
		return new TopicSettings(partitions, (short) 1, 1);
	}

}
