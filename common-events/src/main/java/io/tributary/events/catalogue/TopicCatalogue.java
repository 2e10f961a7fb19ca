package io.tributary.events.catalogue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the {@link Topic}s and an environment's {@link TopicSettings} into the topics to
 * create: each catalogue topic and its dead-letter topic, with the design's settings
 * (delete cleanup, no unclean leader election, {@code min.insync.replicas}, retention).
 */
public final class TopicCatalogue {

	private TopicCatalogue() {
	}

	public static List<TopicSpec> specs(TopicSettings settings) {
		List<TopicSpec> specs = new ArrayList<>();
		for (Topic topic : Topic.values()) {
			specs.add(new TopicSpec(topic.topicName(), topic.keyMeaning(), settings.partitions(),
					settings.replicationFactor(), config(settings, topic.retention()), Optional.empty()));
			// A dead letter keeps its original partition, so the DLT has as many
			// partitions as its source.
			specs.add(new TopicSpec(topic.deadLetterTopicName(), topic.keyMeaning(), settings.partitions(),
					settings.replicationFactor(), config(settings, Topic.Retention.DEAD_LETTER.duration()),
					Optional.of(topic)));
		}
		return List.copyOf(specs);
	}

	private static Map<String, String> config(TopicSettings settings, Duration retention) {
		return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()),
				"min.insync.replicas", Integer.toString(settings.minInsyncReplicas()), "unclean.leader.election.enable",
				"false");
	}

}
