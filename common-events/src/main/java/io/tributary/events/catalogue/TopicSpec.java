package io.tributary.events.catalogue;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;

/**
 * A topic as it is to be created.
 *
 * @param name the topic name
 * @param keyMeaning what its record keys are
 * @param partitions partition count
 * @param replicationFactor replication factor
 * @param config topic-level configuration
 * @param deadLetterFor the topic whose dead letters this one holds, if it is a DLT
 */
public record TopicSpec(String name, String keyMeaning, int partitions, short replicationFactor,
		Map<String, String> config, Optional<Topic> deadLetterFor) {

	public TopicSpec {
		config = Map.copyOf(config);
	}

	public NewTopic toNewTopic() {
		return new NewTopic(this.name, this.partitions, this.replicationFactor).configs(this.config);
	}

}
