package io.tributary.localstack.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.events.TributaryEvent;
import io.tributary.events.serde.EventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning as a committed-only reader, keeping everything read so
 * far; each {@link #poll()} adds what arrived since.
 *
 * @param <V> the value type
 */
final class TopicTail<V> implements AutoCloseable {

	private final KafkaConsumer<String, V> consumer;

	private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

	private TopicTail(String bootstrap, String topic, Deserializer<V> values) {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						"read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
				new StringDeserializer(), values);
		List<TopicPartition> partitions = this.consumer.partitionsFor(topic)
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
	}

	static TopicTail<TributaryEvent> events(String bootstrap, String topic) {
		return new TopicTail<>(bootstrap, topic, new LenientEvents());
	}

	static TopicTail<byte[]> bytes(String bootstrap, String topic) {
		return new TopicTail<>(bootstrap, topic, new ByteArrayDeserializer());
	}

	synchronized List<ConsumerRecord<String, V>> poll() {
		for (int i = 0; i < 20; i++) {
			var batch = this.consumer.poll(Duration.ofMillis(200));
			batch.forEach(this.records::add);
			if (batch.isEmpty()) {
				break;
			}
		}
		return List.copyOf(this.records);
	}

	@Override
	public void close() {
		this.consumer.close(Duration.ofSeconds(2));
	}

	/** Events, with anything unreadable skipped (a DLT may hold bytes of any kind). */
	private static final class LenientEvents implements Deserializer<TributaryEvent> {

		private final EventDeserializer events = new EventDeserializer();

		@Override
		public TributaryEvent deserialize(String topic, byte[] data) {
			throw new UnsupportedOperationException("needs headers");
		}

		@Override
		public TributaryEvent deserialize(String topic, org.apache.kafka.common.header.Headers headers, byte[] data) {
			try {
				return this.events.deserialize(topic, headers, data);
			}
			catch (RuntimeException ex) {
				return null;
			}
		}

	}

}
