package io.tributary.events;

import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.tributary.events.catalogue.EventType;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.catalogue.TopicCatalogue;
import io.tributary.events.catalogue.TopicSettings;
import io.tributary.events.catalogue.TopicSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AsyncAPI document describes exactly the catalogue: every topic and dead-letter
 * topic, its key, its production settings, and every event type with a schema that
 * exists.
 */
class AsyncApiDocumentTests {

	private static JsonNode document;

	private static final Map<String, JsonNode> CHANNELS_BY_ADDRESS = new HashMap<>();

	@BeforeAll
	static void load() throws Exception {
		try (InputStream in = AsyncApiDocumentTests.class.getResourceAsStream("/asyncapi/asyncapi.yaml")) {
			document = new YAMLMapper().readTree(in);
		}
		document.get("channels")
			.forEach((channel) -> CHANNELS_BY_ADDRESS.put(channel.get("address").asString(), channel));
	}

	@Test
	void isAnAsyncApi3Document() {
		assertThat(document.get("asyncapi").asString()).isEqualTo("3.0.0");
	}

	@Test
	void describesEveryCatalogueTopicWithItsSettings() {
		for (TopicSpec spec : TopicCatalogue.specs(TopicSettings.PRODUCTION)) {
			JsonNode channel = CHANNELS_BY_ADDRESS.get(spec.name());
			assertThat(channel).as("channel for " + spec.name()).isNotNull();
			JsonNode kafka = channel.get("bindings").get("kafka");
			assertThat(kafka.get("partitions").asInt()).isEqualTo(spec.partitions());
			assertThat(kafka.get("replicas").asInt()).isEqualTo(spec.replicationFactor());
			assertThat(kafka.get("topicConfiguration").get("retention.ms").asLong())
				.isEqualTo(Long.parseLong(spec.config().get("retention.ms")));
			assertThat(channel.get("description").asString()).endsWith("Key: " + spec.keyMeaning() + ".");
		}
		assertThat(CHANNELS_BY_ADDRESS).hasSize(TopicCatalogue.specs(TopicSettings.PRODUCTION).size());
	}

	@Test
	void eachChannelCarriesExactlyTheCataloguedEventTypes() {
		for (Topic topic : Topic.values()) {
			Set<String> expected = new HashSet<>();
			topic.eventTypes().forEach((type) -> expected.add(type.typeName()));
			for (String address : new String[] { topic.topicName(), topic.deadLetterTopicName() }) {
				Set<String> described = new HashSet<>();
				CHANNELS_BY_ADDRESS.get(address)
					.get("messages")
					.forEach((reference) -> described.add(message(reference).get("name").asString()));
				assertThat(described).as(address).isEqualTo(expected);
			}
		}
	}

	@Test
	void everyEventTypeHasAMessageWhosePayloadSchemaExists() {
		Set<String> named = new HashSet<>();
		document.get("components").get("messages").forEach((message) -> {
			named.add(message.get("name").asString());
			String payload = message.get("payload").get("$ref").asString();
			assertThat(payload).startsWith("../schemas/");
			assertThat(getClass().getResource("/" + payload.substring(3))).as(payload).isNotNull();
		});
		for (EventType type : EventType.values()) {
			assertThat(named).contains(type.typeName());
			assertThat(getClass().getResource("/" + type.schemaResource())).isNotNull();
		}
	}

	private static JsonNode message(JsonNode reference) {
		String name = reference.get("$ref").asString().substring("#/components/messages/".length());
		return document.get("components").get("messages").get(name);
	}

}
