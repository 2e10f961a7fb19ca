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

	private static final Duration READ_UP_TO_NOW = Duration.ofSeconds(60);

	private final KafkaConsumer<String, V> consumer;

	private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

	private final List<TopicPartition> partitions;

	private TopicTail(String bootstrap, String topic, Deserializer<V> values) {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						"read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
				new StringDeserializer(), values);
		this.partitions = this.consumer.partitionsFor(topic)
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(this.partitions);
		this.consumer.seekToBeginning(this.partitions);
	}

	static TopicTail<TributaryEvent> events(String bootstrap, String topic) {
		return new TopicTail<>(bootstrap, topic, new LenientEvents());
	}

	static TopicTail<byte[]> bytes(String bootstrap, String topic) {
		return new TopicTail<>(bootstrap, topic, new ByteArrayDeserializer());
	}

	/**
	 * Reads everything committed to the topic up to now. It polls until it reaches the
	 * end offsets taken at the start of the call, rather than until a poll comes back
	 * empty: on this busy machine a fetch sometimes takes longer than a poll waits, and a
	 * reader that stopped there could miss records (a mixed run once found no ticket
	 * request for a message that had its reply).
	 */
	synchronized List<ConsumerRecord<String, V>> poll() {
		// For a read_committed consumer these are the last stable offsets: everything
		// committed so far.
		Map<TopicPartition, Long> end = this.consumer.endOffsets(this.partitions, READ_UP_TO_NOW);
		long deadline = System.nanoTime() + READ_UP_TO_NOW.toNanos();
		while (!readUpTo(end)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Could not read " + end + " within " + READ_UP_TO_NOW);
			}
			this.consumer.poll(Duration.ofMillis(200)).forEach(this.records::add);
		}
		return List.copyOf(this.records);
	}

	private boolean readUpTo(Map<TopicPartition, Long> end) {
		for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
			if (this.consumer.position(partition.getKey(), READ_UP_TO_NOW) < partition.getValue()) {
				return false;
			}
		}
		return true;
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
