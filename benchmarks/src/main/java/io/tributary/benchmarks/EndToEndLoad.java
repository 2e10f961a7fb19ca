package io.tributary.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.events.serde.EventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * End-to-end latency of the whole pipeline: web form requests sent at a fixed offered
 * rate (open loop: a slow system does not slow the sender down, so queueing shows in the
 * figures), and for each the time from the start of its HTTP request to its reply being
 * readable (committed) on {@code processing.responses.out}.
 *
 * <pre>
 * java -cp ... io.tributary.benchmarks.EndToEndLoad INTAKE_URL BOOTSTRAP RATE SECONDS [WARM_UP_SECONDS=5]
 * </pre>
 *
 * The first seconds are sent at the same rate but not counted: in them the figures
 * measured the tool's own start (its HTTP answers came back within about 100 ms while its
 * consumer saw the records seconds later, and the lag decayed to nothing within about 7 s
 * at 100/s), not the pipeline.
 *
 * Prints {@code RESULT offered=.. sent=.. accepted=.. replied=.. achieved=.. p50_ms=..
 * p99_ms=.. p999_ms=.. max_ms=.. tool_cpu_s=..}: the last is the CPU time this tool used,
 * because on a machine it shares with the pipeline, every second of it is one the
 * pipeline did not get.
 */
public final class EndToEndLoad {

	private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");

	private static final Duration DRAIN = Duration.ofSeconds(120);

	/** The hops a web form message crosses on its way to a reply, in order. */
	private static final List<Topic> HOPS = List.of(Topic.RAW_MESSAGES, Topic.NORMALIZED_MESSAGES, Topic.TICKETS_IN,
			Topic.RESPONSES_OUT);

	private EndToEndLoad() {
	}

	public static void main(String[] args) throws Exception {
		String intakeUrl = args[0];
		String bootstrap = args[1];
		int rate = Integer.parseInt(args[2]);
		int seconds = Integer.parseInt(args[3]);
		int warmUp = rate * ((args.length > 4) ? Integer.parseInt(args[4]) : 5);
		int total = warmUp + rate * seconds;
		String run = Long.toString(System.currentTimeMillis(), 36);
		Map<String, Long> startedAt = new ConcurrentHashMap<>();
		Map<String, Long> repliedAt = new ConcurrentHashMap<>();
		// When each message became readable on each hop, to show where the time goes.
		Map<Topic, Map<String, Long>> seenAt = new ConcurrentHashMap<>();
		for (Topic hop : HOPS) {
			seenAt.put(hop, new ConcurrentHashMap<>());
		}
		AtomicInteger accepted = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch listening = new CountDownLatch(1);
		Thread replies = new Thread(() -> {
			try (KafkaConsumer<String, TributaryEvent> consumer = new KafkaConsumer<>(
					Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
							"read_committed"),
					new StringDeserializer(), new EventDeserializer())) {
				List<TopicPartition> partitions = HOPS.stream()
					.flatMap((hop) -> consumer.partitionsFor(hop.topicName()).stream())
					.map((p) -> new TopicPartition(p.topic(), p.partition()))
					.toList();
				consumer.assign(partitions);
				consumer.seekToEnd(partitions);
				partitions.forEach(consumer::position);
				listening.countDown();
				while (!stop.get()) {
					for (ConsumerRecord<String, TributaryEvent> record : consumer.poll(Duration.ofMillis(50))) {
						long now = System.nanoTime();
						String messageId = messageId(record.value());
						if (messageId != null) {
							seenAt.get(hop(record.topic())).putIfAbsent(messageId, now);
						}
						if (record.value() instanceof ReplyPrepared reply) {
							repliedAt.putIfAbsent(reply.messageId(), now);
						}
					}
				}
			}
		}, "replies");
		replies.start();
		listening.await();

		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.executor(Executors.newFixedThreadPool(4))
			.build();
		URI uri = URI.create(intakeUrl + "/api/v1/channels/web-form/messages");
		ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
		AtomicInteger sent = new AtomicInteger();
		CountDownLatch answered = new CountDownLatch(total);
		long periodNanos = 1_000_000_000L / rate;
		long began = System.nanoTime();
		pacer.scheduleAtFixedRate(() -> {
			// Catch up after a hiccup of the pacer: the offered rate is what was asked.
			long due = Math.min(total, (System.nanoTime() - began) / periodNanos + 1);
			while (sent.get() < due) {
				int i = sent.getAndIncrement();
				boolean counted = i >= warmUp;
				long start = System.nanoTime();
				http.sendAsync(request(uri, run, i), HttpResponse.BodyHandlers.ofString())
					.whenComplete((response, failure) -> {
						if (!counted) {
							answered.countDown();
							return;
						}
						if (failure == null && response.statusCode() == 202) {
							Matcher id = MESSAGE_ID.matcher(response.body());
							if (id.find()) {
								startedAt.put(id.group(1), start);
								accepted.incrementAndGet();
							}
						}
						else {
							refused.incrementAndGet();
						}
						answered.countDown();
					});
			}
		}, 0, Math.max(1, periodNanos / 2), TimeUnit.NANOSECONDS);
		answered.await(total / rate + DRAIN.toSeconds(), TimeUnit.SECONDS);
		pacer.shutdownNow();
		long drainUntil = System.nanoTime() + DRAIN.toNanos();
		while (System.nanoTime() < drainUntil && !repliedAt.keySet().containsAll(startedAt.keySet())) {
			TimeUnit.MILLISECONDS.sleep(50);
		}
		stop.set(true);
		replies.join();

		long[] latencies = startedAt.entrySet()
			.stream()
			.filter((entry) -> repliedAt.containsKey(entry.getKey()))
			.mapToLong((entry) -> repliedAt.get(entry.getKey()) - entry.getValue())
			.sorted()
			.toArray();
		long measuredFrom = began + warmUp * periodNanos;
		long lastReply = repliedAt.values().stream().mapToLong(Long::longValue).max().orElse(measuredFrom);
		System.out.printf(
				"RESULT offered=%d sent=%d accepted=%d refused=%d replied=%d achieved=%.0f p50_ms=%.1f p99_ms=%.1f p999_ms=%.1f max_ms=%.1f tool_cpu_s=%.1f%n",
				rate, sent.get() - warmUp, accepted.get(), refused.get(), latencies.length,
				latencies.length / ((lastReply - measuredFrom) / 1e9), millis(latencies, 0.50), millis(latencies, 0.99),
				millis(latencies, 0.999), millis(latencies, 1.0), cpuSeconds());
		for (Topic hop : HOPS) {
			Map<String, Long> seen = seenAt.get(hop);
			long[] hopLatencies = startedAt.entrySet()
				.stream()
				.filter((entry) -> seen.containsKey(entry.getKey()))
				.mapToLong((entry) -> seen.get(entry.getKey()) - entry.getValue())
				.sorted()
				.toArray();
			System.out.printf("HOP %s p50_ms=%.1f p99_ms=%.1f%n", hop.topicName(), millis(hopLatencies, 0.50),
					millis(hopLatencies, 0.99));
		}
		System.exit(0);
	}

	private static double cpuSeconds() {
		return ProcessHandle.current().info().totalCpuDuration().map((cpu) -> cpu.toMillis() / 1e3).orElse(Double.NaN);
	}

	private static Topic hop(String topicName) {
		return HOPS.stream().filter((hop) -> hop.topicName().equals(topicName)).findFirst().orElseThrow();
	}

	private static String messageId(TributaryEvent event) {
		if (event instanceof MessageReceived received) {
			return received.messageId();
		}
		if (event instanceof MessageNormalized normalized) {
			return normalized.messageId();
		}
		if (event instanceof TicketRequested requested) {
			return requested.messageId();
		}
		if (event instanceof ReplyPrepared reply) {
			return reply.messageId();
		}
		return null;
	}

	private static HttpRequest request(URI uri, String run, int i) {
		// Distinct senders and texts: neither the rate limit (disabled for the run) nor
		// the
		// resubmission window should see repeats.
		String body = """
				{"name":"Bench Customer %d","email":"bench-%s-%d@example.com","subject":"Order %d",\
				"message":"Hello, where is my order %s-%d? It has not arrived yet.","category":"orders"}"""
			.formatted(i % 2000, run, i % 2000, i, run, i);
		return HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private static double millis(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

}
