package io.tributary.kit.topics;

import io.tributary.events.catalogue.TopicCatalogue;
import io.tributary.events.catalogue.TopicSettings;
import io.tributary.events.catalogue.TopicSpec;

import org.springframework.kafka.core.KafkaAdmin;

/**
 * Every catalogue topic and its dead-letter topic, for Spring Kafka's {@link KafkaAdmin}
 * to create when missing. Creating them from every service is harmless (existing topics
 * are left alone) and lets any one service start first.
 */
public final class CatalogueTopics {

	private CatalogueTopics() {
	}

	public static KafkaAdmin.NewTopics declare(TopicSettings settings) {
		return new KafkaAdmin.NewTopics(TopicCatalogue.specs(settings)
			.stream()
			.map(TopicSpec::toNewTopic)
			.toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
	}

}
