package io.tributary.benchmarks;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches a consumer group drain a pre-filled topic: from the first committed progress to
 * zero lag, reporting messages per second and the Redis commands the processor issued per
 * message over that time. For a group that has committed before (a processor already
 * running, held while the topic was filled), from the first look at its offsets, which it
 * prints as {@code WATCHING}. With {@code then=GROUP:TOPIC}, the drain ends only once
 * that group (the next stage) has also consumed what this one wrote to its topic.
 *
 * <pre>
 * java -cp ... io.tributary.benchmarks.DrainWatcher BOOTSTRAP GROUP TOPIC REDIS_PORT TIMEOUT_SECONDS [transactional] [then=GROUP:TOPIC]
 * </pre>
 */
public final class DrainWatcher {

	private DrainWatcher() {
	}

	public static void main(String[] args) throws Exception {
		String bootstrap = args[0];
		String group = args[1];
		String topic = args[2];
		int redisPort = Integer.parseInt(args[3]);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
		boolean transactional = false;
		String[] then = null;
		for (int i = 5; i < args.length; i++) {
			if (args[i].equals("transactional")) {
				transactional = true;
			}
			else if (args[i].startsWith("then=")) {
				then = args[i].substring(5).split(":", 2);
			}
		}
		RedisClient redis = RedisClient.create("redis://127.0.0.1:" + redisPort);
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
				StatefulRedisConnection<String, String> connection = redis.connect()) {
			long end = end(admin, partitions(admin, topic), transactional);
			Set<TopicPartition> nextPartitions = (then != null) ? partitions(admin, then[1]) : Set.of();
			long startCommitted = -1;
			long startedAt = 0;
			long redisBefore = 0;
			long callsBefore = 0;
			double redisCpuBefore = 0;
			Stillness first = new Stillness();
			Stillness next = new Stillness();
			long firstDrained = -1;
			while (System.nanoTime() < deadline) {
				long committed = committed(admin, group);
				long now = System.nanoTime();
				first.saw(committed, now);
				if (startCommitted < 0 && committed > 0) {
					startCommitted = committed;
					startedAt = now;
					redisBefore = commands(connection);
					callsBefore = calls(connection);
					redisCpuBefore = cpuSeconds(connection);
					// A script holding the consumer while it filled the topic lets it
					// go on from here.
					System.out.println("WATCHING committed=" + committed + " end=" + end);
				}
				boolean drained = startCommitted >= 0 && committed >= end && (!transactional || first.still(now));
				if (drained && firstDrained < 0) {
					firstDrained = transactional ? first.movedAt : now;
				}
				// The next stage (then=GROUP:TOPIC) reads what this one wrote, in
				// transactions: done once it has caught up and stopped moving.
				if (drained && then != null) {
					long nextCommitted = committed(admin, then[0]);
					next.saw(nextCommitted, now);
					drained = nextCommitted >= end(admin, nextPartitions, true) && next.still(now);
				}
				if (drained) {
					long messages = committed - startCommitted;
					// Not the two still seconds after the last commit: the work ended
					// there.
					long finishedAt = (then != null) ? next.movedAt : transactional ? first.movedAt : now;
					double seconds = (finishedAt - startedAt) / 1e9;
					long redisCommands = commands(connection) - redisBefore;
					long redisCalls = calls(connection) - callsBefore;
					double redisCpu = cpuSeconds(connection) - redisCpuBefore;
					System.out.printf(
							"RESULT drained=%d seconds=%.2f per_second=%.0f first_stage_seconds=%.2f redis_commands_per_message=%.1f redis_script_calls_per_message=%.1f redis_cpu_us_per_message=%.1f%n",
							messages, seconds, messages / seconds, (firstDrained - startedAt) / 1e9,
							(double) redisCommands / messages, (double) redisCalls / messages,
							redisCpu * 1e6 / messages);
					return;
				}
				TimeUnit.MILLISECONDS.sleep(100);
			}
			System.out.println("RESULT timeout committed=" + committed(admin, group) + " end=" + end);
		}
		finally {
			redis.shutdown();
		}
	}

	/**
	 * A topic's partitions, read once: the watch reads their end offsets again and again.
	 */
	private static Set<TopicPartition> partitions(Admin admin, String topic) throws Exception {
		return admin.describeTopics(Set.of(topic))
			.allTopicNames()
			.get(30, TimeUnit.SECONDS)
			.get(topic)
			.partitions()
			.stream()
			.map((p) -> new TopicPartition(topic, p.partition()))
			.collect(Collectors.toSet());
	}

	/**
	 * The committed offset, summed over the partitions, at which a group has drained the
	 * topic: its end offsets. A transactionally written topic ends with commit or abort
	 * markers, which a consumer skips but only commits past with its next record: a few
	 * offsets per partition are then not lag, and the group is drained once it stops
	 * moving ({@link Stillness}).
	 */
	private static long end(Admin admin, Set<TopicPartition> partitions, boolean transactional) throws Exception {
		long markers = transactional ? 3L * partitions.size() : 0;
		return admin.listOffsets(partitions.stream().collect(Collectors.toMap((p) -> p, (p) -> OffsetSpec.latest())))
			.all()
			.get(30, TimeUnit.SECONDS)
			.values()
			.stream()
			.mapToLong((info) -> info.offset())
			.sum() - markers;
	}

	/** Whether a group's committed offsets have stopped moving for two seconds. */
	private static final class Stillness {

		private long last = -1;

		private long movedAt = System.nanoTime();

		void saw(long committed, long now) {
			if (committed != this.last) {
				this.last = committed;
				this.movedAt = now;
			}
		}

		boolean still(long now) {
			return now - this.movedAt > TimeUnit.SECONDS.toNanos(2);
		}

	}

	private static long committed(Admin admin, String group) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(30, TimeUnit.SECONDS);
		return offsets.values().stream().filter((o) -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
	}

	/**
	 * Script calls clients made (EVALSHA and EVAL, each counting once however many
	 * commands it runs), from INFO commandstats. The services send their Redis work as
	 * script calls.
	 */
	private static long calls(StatefulRedisConnection<String, String> connection) {
		long all = 0;
		for (String line : connection.sync().info("commandstats").split("\r?\n")) {
			// Only the script calls themselves: Redis counts the commands a script runs
			// under their own names too, and those are the commands counted above.
			if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
				String calls = line.substring(line.indexOf("calls=") + 6);
				all += Long.parseLong(calls.substring(0, calls.indexOf(',')));
			}
		}
		return all;
	}

	/**
	 * CPU seconds Redis has used since it started (system and user), from INFO cpu: with
	 * the commands run on one thread, what bounds how many messages one Redis serves.
	 */
	private static double cpuSeconds(StatefulRedisConnection<String, String> connection) {
		double seconds = 0;
		for (String line : connection.sync().info("cpu").split("\r?\n")) {
			if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
				seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		return seconds;
	}

	/** Commands Redis has processed since it started, from INFO stats. */
	private static long commands(StatefulRedisConnection<String, String> connection) {
		for (String line : connection.sync().info("stats").split("\r?\n")) {
			if (line.startsWith("total_commands_processed:")) {
				return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		return 0;
	}

}
