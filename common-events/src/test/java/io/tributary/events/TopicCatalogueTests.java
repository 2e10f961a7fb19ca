package io.tributary.events;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tributary.events.catalogue.EventType;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.catalogue.TopicCatalogue;
import io.tributary.events.catalogue.TopicSettings;
import io.tributary.events.catalogue.TopicSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopicCatalogueTests {

	@Test
	void productionDefaultsFollowTheDesign() {
		Map<String, TopicSpec> specs = byName(TopicCatalogue.specs(TopicSettings.PRODUCTION));

		TopicSpec normalized = specs.get("ingestion.normalized.messages");
		assertThat(normalized.partitions()).isEqualTo(6);
		assertThat(normalized.replicationFactor()).isEqualTo((short) 3);
		assertThat(normalized.config()).containsEntry("min.insync.replicas", "2")
			.containsEntry("unclean.leader.election.enable", "false")
			.containsEntry("retention.ms", "604800000")
			.containsEntry("cleanup.policy", "delete");
		assertThat(Long.parseLong(specs.get("notifications.audit").config().get("retention.ms")))
			.isGreaterThan(604800000L);
	}

	@Test
	void everyTopicHasADeadLetterTopicWithAsManyPartitions() {
		Map<String, TopicSpec> specs = byName(TopicCatalogue.specs(TopicSettings.singleBroker(3)));

		assertThat(specs).hasSize(Topic.values().length * 2);
		for (Topic topic : Topic.values()) {
			TopicSpec source = specs.get(topic.topicName());
			TopicSpec deadLetters = specs.get(topic.topicName() + "-dlt");
			assertThat(deadLetters.partitions()).isEqualTo(source.partitions()).isEqualTo(3);
			assertThat(deadLetters.deadLetterFor()).contains(topic);
			assertThat(source.replicationFactor()).isEqualTo((short) 1);
			assertThat(source.config()).containsEntry("min.insync.replicas", "1");
		}
	}

	@Test
	void topicNamesMatchTheArchitecture() {
		assertThat(List.of(Topic.values()).stream().map(Topic::topicName)).containsExactly("ingestion.raw.messages",
				"ingestion.normalized.messages", "ingestion.validation.results", "processing.customer.identities",
				"processing.tickets.in", "processing.tickets.out", "processing.responses.out", "notifications.alerts",
				"notifications.audit", "notifications.metrics");
	}

	@Test
	void everyEventTypeTravelsOnExactlyOneTopic() {
		Map<EventType, Long> topicsPerType = List.of(Topic.values())
			.stream()
			.flatMap((topic) -> topic.eventTypes().stream())
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

		assertThat(topicsPerType).hasSize(EventType.values().length)
			.allSatisfy((type, count) -> assertThat(count).isOne());
	}

	@Test
	void settingsThatCannotWorkAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TopicSettings(6, (short) 1, 2))
			.withMessageContaining("minInsyncReplicas");
		assertThatIllegalArgumentException().isThrownBy(() -> new TopicSettings(0, (short) 1, 1))
			.withMessageContaining("partitions");
	}

	private static Map<String, TopicSpec> byName(List<TopicSpec> specs) {
		return specs.stream().collect(Collectors.toMap(TopicSpec::name, Function.identity()));
	}

}
