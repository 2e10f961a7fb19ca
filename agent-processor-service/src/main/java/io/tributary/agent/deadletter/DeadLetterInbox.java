package io.tributary.agent.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.tributary.events.catalogue.Topic;
import io.tributary.events.serde.CloudEventHeaders;
import io.tributary.events.serde.EventJson;
import io.tributary.kit.progress.MessageProgress;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Reads dead-letter topics from the beginning with a group-less consumer (so browsing
 * never moves any group's offsets) and replays records to their source topic with their
 * original key, value bytes and headers, less the dead-letter diagnostics, through an
 * idempotent {@code acks=all} producer.
 */
@Component
class DeadLetterInbox implements DisposableBean {

	private static final Duration POLL = Duration.ofMillis(200);

	private static final Set<String> DEAD_LETTER_TOPICS = Arrays.stream(Topic.values())
		.map(Topic::deadLetterTopicName)
		.collect(Collectors.toUnmodifiableSet());

	private final Map<String, Object> consumerConfig;

	private final Map<String, Object> producerConfig;

	/**
	 * Created by the first replay: only an operator's replay needs it, and an idle
	 * producer still costs every start-up its creation (0.09 s of the agent's,
	 * docs/BENCHMARKS.md) and the service a network thread.
	 */
	private KafkaProducer<byte[], byte[]> producer;

	private final MessageProgress progress;

	DeadLetterInbox(KafkaProperties kafka, MessageProgress progress) {
		this.progress = progress;
		this.consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
		this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
		this.consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.producerConfig = new HashMap<>(kafka.buildProducerProperties());
		this.producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		this.producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		this.producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
		this.producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
	}

	/** The catalogue's dead-letter topics, the only ones this inbox touches. */
	static Set<String> deadLetterTopics() {
		return DEAD_LETTER_TOPICS;
	}

	List<DeadLetterView> list(String topic, int limit) {
		List<DeadLetterView> views = new ArrayList<>();
		scan(topic, (record) -> {
			if (views.size() < limit) {
				views.add(view(record));
			}
		});
		return views;
	}

	/**
	 * Replays the requested records. The statuses of the messages they carry first drop
	 * their rejection (see {@link MessageProgress#replayed}); a Redis that does not
	 * answer fails the replay before anything is sent, so that it can simply be repeated.
	 */
	int replay(String topic, ReplayRequest request) throws ExecutionException, InterruptedException, TimeoutException {
		String source = topic.substring(0, topic.length() - Topic.DEAD_LETTER_SUFFIX.length());
		List<ProducerRecord<byte[], byte[]>> replays = new ArrayList<>();
		Set<String> messageIds = new LinkedHashSet<>();
		scan(topic, (record) -> {
			if (request.includes(record.partition(), record.offset())) {
				RecordHeaders headers = new RecordHeaders();
				for (Header header : record.headers()) {
					if (!header.key().startsWith("kafka_dlt-")) {
						headers.add(header);
					}
				}
				replays.add(new ProducerRecord<>(source, null, record.key(), record.value(), headers));
				EventJson.messageIdOf(record.value()).ifPresent(messageIds::add);
			}
		});
		this.progress.replayed(messageIds);
		KafkaProducer<byte[], byte[]> producer = producer();
		List<Future<RecordMetadata>> sends = new ArrayList<>(replays.size());
		for (ProducerRecord<byte[], byte[]> replay : replays) {
			sends.add(producer.send(replay));
		}
		for (Future<RecordMetadata> send : sends) {
			send.get(30, TimeUnit.SECONDS);
		}
		return sends.size();
	}

	private void scan(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(this.consumerConfig)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				consumer.poll(POLL).forEach((record) -> {
					if (record.offset() < end.get(new TopicPartition(topic, record.partition()))) {
						each.accept(record);
					}
				});
			}
		}
	}

	private static DeadLetterView view(ConsumerRecord<byte[], byte[]> record) {
		return new DeadLetterView(record.topic(), record.partition(), record.offset(),
				CloudEventHeaders.text(record.headers(), "kafka_dlt-original-topic"),
				longHeader(record, "kafka_dlt-original-offset"),
				CloudEventHeaders.text(record.headers(), "kafka_dlt-exception-message"),
				CloudEventHeaders.text(record.headers(), "kafka_dlt-exception-fqcn"),
				CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID),
				Instant.ofEpochMilli(record.timestamp()));
	}

	/**
	 * Spring Kafka writes offsets as 8-byte big-endian longs; a record dead-lettered by
	 * hand may carry text. Anything else reads as absent rather than failing the listing.
	 */
	private static Long longHeader(ConsumerRecord<byte[], byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		if (header == null || header.value() == null) {
			return null;
		}
		if (header.value().length == Long.BYTES) {
			return ByteBuffer.wrap(header.value()).getLong();
		}
		try {
			return Long.valueOf(new String(header.value(), StandardCharsets.UTF_8).strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private synchronized KafkaProducer<byte[], byte[]> producer() {
		if (this.producer == null) {
			this.producer = new KafkaProducer<>(this.producerConfig);
		}
		return this.producer;
	}

	@Override
	public synchronized void destroy() {
		if (this.producer != null) {
			this.producer.close(Duration.ofSeconds(5));
		}
	}

}
