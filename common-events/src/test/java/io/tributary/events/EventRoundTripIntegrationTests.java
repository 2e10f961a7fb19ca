package io.tributary.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tributary.events.catalogue.EventType;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.catalogue.TopicCatalogue;
import io.tributary.events.catalogue.TopicSettings;
import io.tributary.events.catalogue.TopicSpec;
import io.tributary.events.serde.CloudEventHeaders;
import io.tributary.events.serde.EventDeserializer;
import io.tributary.events.serde.EventSerializer;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.junit.WithKafkaAndRedis;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Smoke test on a real broker: every event type, published with the real serializer to
 * its catalogue topic, is read back equal with the real deserializer and its CloudEvents
 * headers.
 */
@WithKafkaAndRedis
class EventRoundTripIntegrationTests {

	@Test
	void everyEventTypeRoundTripsThroughItsTopic(SharedInfrastructure infrastructure) throws Exception {
		String bootstrap = infrastructure.kafka().bootstrapServers();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			List<TopicSpec> specs = TopicCatalogue.specs(TopicSettings.singleBroker(1));
			admin.createTopics(specs.stream().map(TopicSpec::toNewTopic).toList()).all().get(60, TimeUnit.SECONDS);
		}

		List<TributaryEvent> sent = new ArrayList<>();
		try (KafkaProducer<String, TributaryEvent> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, EventSerializer.SOURCE_CONFIG,
						"/tributary/smoke"),
				new StringSerializer(), new EventSerializer("/tributary/smoke"))) {
			for (Topic topic : Topic.values()) {
				for (EventType type : topic.eventTypes()) {
					TributaryEvent event = SampleEvents.of(type);
					producer.send(new ProducerRecord<>(topic.topicName(), "key-" + type, event))
						.get(30, TimeUnit.SECONDS);
					sent.add(event);
				}
			}
		}

		List<ConsumerRecord<String, TributaryEvent>> received = new ArrayList<>();
		try (KafkaConsumer<String, TributaryEvent> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
						"smoke-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new EventDeserializer())) {
			consumer.subscribe(List.of(Topic.values()).stream().map(Topic::topicName).toList());
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(received::add);
				return received.size() >= sent.size();
			});
		}

		assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
		assertThat(received.stream().map(ConsumerRecord::value).map(EventType::of).distinct())
			.containsExactlyInAnyOrder(EventType.values());
		for (ConsumerRecord<String, TributaryEvent> record : received) {
			assertThat(CloudEventHeaders.text(record.headers(), "ce_type"))
				.isEqualTo(EventType.of(record.value()).typeName());
			assertThat(CloudEventHeaders.text(record.headers(), "ce_source")).isEqualTo("/tributary/smoke");
			assertThat(CloudEventHeaders.text(record.headers(), "ce_id"))
				.isEqualTo(record.value().metadata().eventId());
		}
	}

}
