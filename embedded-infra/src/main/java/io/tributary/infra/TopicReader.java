package io.tributary.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what tests expect to find on a topic: every record from the beginning that
 * matches, until enough arrived or the timeout passed (then it returns what it has, for
 * the assertion to judge).
 */
public final class TopicReader {

	private TopicReader() {
	}

	public static <V> List<ConsumerRecord<String, V>> read(String bootstrapServers, String topic,
			Deserializer<V> valueDeserializer, Predicate<ConsumerRecord<String, V>> matching, int expected,
			Duration timeout) {
		List<ConsumerRecord<String, V>> found = new ArrayList<>();
		try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"test-reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
						ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
				new StringDeserializer(), valueDeserializer)) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + timeout.toNanos();
			while (found.size() < expected && System.nanoTime() < deadline) {
				try {
					for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(100))) {
						if (matching.test(record)) {
							found.add(record);
						}
					}
				}
				catch (RecordDeserializationException ex) {
					// Another test's deliberate poison record: step over it as a tolerant
					// consumer would.
					consumer.seek(ex.topicPartition(), ex.offset() + 1);
				}
			}
		}
		return found;
	}

}
