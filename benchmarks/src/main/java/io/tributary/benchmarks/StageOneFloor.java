package io.tributary.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.serde.EventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor under the agent's stage one: what the transport its design requires costs on
 * this machine, without Spring, without building or serializing any event. It reads
 * {@code ingestion.normalized.messages} as the agent does (a consumer group,
 * {@code read_committed}, one Kafka transaction per poll batch with its offsets), decodes
 * each record's JSON (the topic's contract), and writes three records per message of the
 * sizes stage one writes, with CloudEvents-style headers (stage one writes the customer's
 * identity only when the message changed it, so for a returning customer the floor writes
 * one record more than the agent). With {@code redis} it also runs the agent's own
 * placement script ({@code place-message.lua}, with the arguments the agent gives it) for
 * every message in one pipeline per batch before producing, and after each commit the
 * done-mark and the progress entry per message, in one pipeline, as plain commands.
 * {@link DrainWatcher} measures it the way {@code bench/agent.sh} measures the agent, so
 * the two rates compare.
 *
 * <pre>
 * java -cp ... io.tributary.benchmarks.StageOneFloor BOOTSTRAP GROUP LAYER THREADS [REDIS_PORT SCRIPT] [input=TOPIC] [idle=SECONDS]
 * </pre>
 *
 * LAYER is {@code kafka} or {@code redis}; with {@code -at-least-once} appended, no
 * transactions: the batch's records are flushed, then its offsets committed (what an
 * at-least-once stage with idempotent effects would pay instead). {@code input} reads
 * another topic of the same messages (made if missing), so that a floor can be filled and
 * drained again and again, warmed up as the agent is, without adding to the agent's
 * topic. It stops after {@code idle} seconds without a record (10 by default; 0 runs
 * until it is stopped, for a drain that is held while its topic is filled).
 */
public final class StageOneFloor {

	/**
	 * Where the three records of a message go: like stage one's (the ticket request, the
	 * customer's identity, the audit entry), three topics of six partitions, so a
	 * transaction spans as many partitions as the agent's.
	 */
	private static final List<String> OUT = List.of("bench.floor.tickets", "bench.floor.identities",
			"bench.floor.audit");

	/**
	 * Stage one's small records, in bytes: its identity and audit values measured 382 and
	 * 436 on average; its ticket request (610) is stood in for by the message it reads
	 * (598).
	 */
	private static final int SMALL_RECORD = 450;

	private StageOneFloor() {
	}

	public static void main(String[] args) throws Exception {
		List<String> positional = new ArrayList<>();
		Map<String, String> options = new HashMap<>(
				Map.of("input", Topic.NORMALIZED_MESSAGES.topicName(), "idle", "10"));
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (equals > 0) {
				options.put(arg.substring(0, equals), arg.substring(equals + 1));
			}
			else {
				positional.add(arg);
			}
		}
		String bootstrap = positional.get(0);
		String group = positional.get(1);
		boolean redis = positional.get(2).startsWith("redis");
		boolean transactional = !positional.get(2).endsWith("-at-least-once");
		int threads = Integer.parseInt(positional.get(3));
		String input = options.get("input");
		long idleSeconds = Long.parseLong(options.get("idle"));
		// Database 1: the agent measured after it on the same Redis starts from an empty
		// database 0, as it would without this run.
		RedisClient client = redis ? RedisClient.create("redis://127.0.0.1:" + positional.get(4) + "/1") : null;
		String script = redis ? Files.readString(Path.of(positional.get(5))) : null;
		List<String> topics = new ArrayList<>(OUT);
		topics.add(input);
		BenchTopics.ensure(bootstrap, topics);
		if (client != null) {
			// Its own database starts empty, so every message is new to it, as to the
			// agent.
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				connection.sync().flushdb();
			}
		}
		// As the agent's listener container: one consumer and one transactional producer
		// per thread, the partitions shared among them.
		List<Thread> drains = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread drain = new Thread(() -> {
				try {
					drain(bootstrap, group, input, idleSeconds, transactional, client, script);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, "floor-" + t);
			drain.start();
			drains.add(drain);
		}
		for (Thread drain : drains) {
			drain.join();
		}
		if (client != null) {
			client.shutdown();
		}
	}

	/** Drains until nothing came for the idle time (none: until stopped). */
	private static void drain(String bootstrap, String group, String input, long idleSeconds, boolean transactional,
			RedisClient client, String script) throws Exception {
		boolean redis = client != null;
		EventDeserializer events = new EventDeserializer();
		byte[] small = new byte[SMALL_RECORD];
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrap, group),
				new StringDeserializer(), new ByteArrayDeserializer());
				KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
						producerConfig(bootstrap, transactional ? group : null), new StringSerializer(),
						new ByteArraySerializer());
				StatefulRedisConnection<String, String> connection = redis ? client.connect() : null) {
			RedisAsyncCommands<String, String> commands = redis ? connection.async() : null;
			String sha = redis ? connection.sync().scriptLoad(script) : null;
			if (transactional) {
				producer.initTransactions();
			}
			consumer.subscribe(List.of(input));
			long idleSince = System.nanoTime();
			while (idleSeconds == 0 || System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(idleSeconds)) {
				ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
				if (records.isEmpty()) {
					continue;
				}
				idleSince = System.nanoTime();
				List<MessageNormalized> messages = new ArrayList<>(records.count());
				for (ConsumerRecord<String, byte[]> record : records) {
					TributaryEvent event = events.deserialize(record.topic(), record.headers(), record.value());
					messages.add((MessageNormalized) event);
				}
				if (redis) {
					place(commands, connection, sha, messages);
				}
				if (transactional) {
					producer.beginTransaction();
				}
				int i = 0;
				for (ConsumerRecord<String, byte[]> record : records) {
					MessageNormalized message = messages.get(i++);
					producer.send(record(OUT.get(0), record.key(), message.messageId(), record.value()));
					producer.send(record(OUT.get(1), record.key(), message.messageId(), small));
					producer.send(record(OUT.get(2), record.key(), message.messageId(), small));
				}
				if (transactional) {
					producer.sendOffsetsToTransaction(offsets(records), consumer.groupMetadata());
					producer.commitTransaction();
				}
				else {
					// At least once: the records are acknowledged before the offsets
					// move.
					producer.flush();
					consumer.commitSync(offsets(records));
				}
				if (redis) {
					markDone(commands, connection, messages);
				}
			}
		}
	}

	private static ProducerRecord<String, byte[]> record(String topic, String key, String messageId, byte[] value) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("ce_id", ("evt-" + messageId).getBytes(StandardCharsets.UTF_8));
		headers.add("ce_source", "/tributary/stage-one-floor".getBytes(StandardCharsets.UTF_8));
		headers.add("ce_type", "io.tributary.floor.v1".getBytes(StandardCharsets.UTF_8));
		headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
		headers.add("ce_time", "2026-12-03T12:00:00.000Z".getBytes(StandardCharsets.UTF_8));
		headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
		return new ProducerRecord<>(topic, null, key, value, headers);
	}

	/** The agent's placement script for every message of the batch, in one pipeline. */
	private static void place(RedisAsyncCommands<String, String> commands,
			StatefulRedisConnection<String, String> connection, String sha, List<MessageNormalized> messages)
			throws Exception {
		pipelined(connection, (replies) -> {
			for (MessageNormalized message : messages) {
				replies.add(commands.evalsha(sha, ScriptOutputType.MULTI, new String[0], arguments(message)));
			}
		});
	}

	/** After the commit, each message's done-mark and progress entry, in one pipeline. */
	private static void markDone(RedisAsyncCommands<String, String> commands,
			StatefulRedisConnection<String, String> connection, List<MessageNormalized> messages) throws Exception {
		pipelined(connection, (replies) -> {
			for (MessageNormalized message : messages) {
				replies.add(commands.set("dedup:{" + message.contactKey() + "}:id:" + message.messageId(), "1",
						SetArgs.Builder.px(86_400_000)));
				replies.add(commands.hset("message:{" + message.messageId() + "}", "stage", "TICKETED"));
			}
		});
	}

	/** Sends what {@code send} issues in one write, then waits for every reply. */
	private static void pipelined(StatefulRedisConnection<String, String> connection,
			Consumer<List<RedisFuture<?>>> send) throws Exception {
		List<RedisFuture<?>> replies = new ArrayList<>();
		connection.setAutoFlushCommands(false);
		send.accept(replies);
		connection.flushCommands();
		connection.setAutoFlushCommands(true);
		for (RedisFuture<?> reply : replies) {
			reply.get(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * As the agent's {@code MessagePlacement} gives them with its default windows (a web
	 * form: no threading; a joined ticket moves to AWAITING_REPLY only from REPLIED).
	 */
	private static String[] arguments(MessageNormalized message) {
		List<String> contacts = new ArrayList<>(List.of(message.contactKey()));
		for (String contact : new String[] { message.email(), message.phone() }) {
			if (contact != null && !contacts.contains(contact)) {
				contacts.add(contact);
			}
		}
		List<String> args = new ArrayList<>(
				List.of(message.messageId(), message.contactKey(), String.valueOf(message.contentHash()), "600000",
						"cus-" + UUID.nameUUIDFromBytes(contacts.get(0).getBytes(StandardCharsets.UTF_8)),
						"tkt-" + UUID.nameUUIDFromBytes(message.messageId().getBytes(StandardCharsets.UTF_8)),
						message.channel().name(), message.receivedAt().toString(),
						Long.toString(message.receivedAt().toEpochMilli()),
						(message.subject() != null) ? message.subject() : "", (message.subject() != null) ? "1" : "0",
						"", "86400000", "2592000000", "REPLIED", "86400000"));
		args.add(Integer.toString(contacts.size()));
		args.addAll(contacts);
		args.add("0");
		return args.toArray(String[]::new);
	}

	private static Map<TopicPartition, OffsetAndMetadata> offsets(ConsumerRecords<String, byte[]> records) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (TopicPartition partition : records.partitions()) {
			List<ConsumerRecord<String, byte[]>> of = records.records(partition);
			offsets.put(partition, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
		}
		return offsets;
	}

	private static Map<String, Object> consumerConfig(String bootstrap, String group) {
		return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
				2097152);
	}

	private static Map<String, Object> producerConfig(String bootstrap, String transactionalGroup) {
		Map<String, Object> config = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
		if (transactionalGroup != null) {
			config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalGroup + "-" + UUID.randomUUID());
		}
		return config;
	}

}
