package io.tributary.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.events.catalogue.EventType;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.serde.CloudEventHeaders;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * End-to-end latency of the whole pipeline: web form requests sent at a fixed offered
 * rate (open loop: a slow system does not slow the sender down, so queueing shows in the
 * figures), and for each the time from when its HTTP request was due to its reply being
 * readable (committed) on {@code processing.responses.out}. At most MAX_IN_FLIGHT
 * requests are out at once; one due while that many are out waits, and its wait counts.
 *
 * <pre>
 * java -cp ... io.tributary.benchmarks.EndToEndLoad INTAKE_URL BOOTSTRAP RATE SECONDS [WARM_UP_SECONDS=5] [MAX_IN_FLIGHT=256]
 * </pre>
 *
 * The first seconds are sent at the same rate but not counted: in them the figures
 * measured the tool's own start (its HTTP answers came back within about 100 ms while its
 * consumer saw the records seconds later, and the lag decayed to nothing within about 7 s
 * at 100/s), not the pipeline.
 *
 * Prints {@code RESULT offered=.. sent=.. accepted=.. refused=.. unsent=.. replied=..
 * achieved=.. p50_ms=.. p99_ms=.. p999_ms=.. max_ms=.. tool_cpu_s=..}: {@code sent} is
 * the counted messages offered, {@code refused} those not answered 202 within 30 s of
 * being due, {@code unsent} those of them never sent because 30 s passed while they
 * waited for a place; the last is the CPU time this tool used, because on a machine it
 * shares with the pipeline, every second of it is one the pipeline did not get.
 */
public final class EndToEndLoad {

	private static final Pattern CORRELATION_ID = Pattern.compile("\"correlationId\"\\s*:\\s*\"([^\"]+)\"");

	/** Keys and values are not read: the headers say what a record is (see main). */
	private static final Deserializer<Void> IGNORED = (topic, data) -> null;

	private static final Duration DRAIN = Duration.ofSeconds(120);

	/**
	 * Requests in flight at most, by default: intake's own connection limit
	 * ({@code server.tomcat.max-connections}).
	 */
	private static final int DEFAULT_MAX_IN_FLIGHT = 256;

	/** How long after its intended time a message must be answered 202 to count. */
	private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

	/**
	 * The hops a web form message crosses on its way to a reply, in order, each with the
	 * event that carries it there.
	 */
	private static final Map<Topic, EventType> HOPS = orderedHops();

	private EndToEndLoad() {
	}

	public static void main(String[] args) throws Exception {
		String intakeUrl = args[0];
		String bootstrap = args[1];
		int rate = Integer.parseInt(args[2]);
		int seconds = Integer.parseInt(args[3]);
		int warmUp = rate * ((args.length > 4) ? Integer.parseInt(args[4]) : 5);
		int total = warmUp + rate * seconds;
		int maxInFlight = (args.length > 5) ? Integer.parseInt(args[5]) : DEFAULT_MAX_IN_FLIGHT;
		String run = Long.toString(System.currentTimeMillis(), 36);
		// When each message became readable on each hop, to show where the time goes,
		// by its correlation id: the message's own id, carried by every event it causes.
		Map<Topic, Map<String, Long>> seenAt = new ConcurrentHashMap<>();
		for (Topic hop : HOPS.keySet()) {
			seenAt.put(hop, new ConcurrentHashMap<>());
		}
		Map<String, Long> repliedAt = seenAt.get(Topic.RESPONSES_OUT);
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch listening = new CountDownLatch(1);
		Thread replies = new Thread(() -> {
			// Values are not decoded: the CloudEvents headers say which message a
			// record is of (its correlation id) and what event it is.
			try (KafkaConsumer<Void, Void> consumer = new KafkaConsumer<>(
					Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
							"read_committed"),
					IGNORED, IGNORED)) {
				List<TopicPartition> partitions = HOPS.keySet()
					.stream()
					.flatMap((hop) -> consumer.partitionsFor(hop.topicName()).stream())
					.map((p) -> new TopicPartition(p.topic(), p.partition()))
					.toList();
				consumer.assign(partitions);
				consumer.seekToEnd(partitions);
				partitions.forEach(consumer::position);
				listening.countDown();
				while (!stop.get()) {
					for (ConsumerRecord<Void, Void> record : consumer.poll(Duration.ofMillis(50))) {
						long now = System.nanoTime();
						Topic hop = hop(record.topic());
						String correlationId = CloudEventHeaders.text(record.headers(),
								CloudEventHeaders.CORRELATION_ID);
						if (correlationId != null && HOPS.get(hop)
							.typeName()
							.equals(CloudEventHeaders.text(record.headers(), CloudEventHeaders.TYPE))) {
							seenAt.get(hop).putIfAbsent(correlationId, now);
						}
					}
				}
			}
		}, "replies");
		replies.start();
		listening.await();

		URI uri = URI.create(intakeUrl + "/api/v1/channels/web-form/messages");
		long periodNanos = 1_000_000_000L / rate;
		long began = System.nanoTime();
		Sender sender = new Sender(uri, run, warmUp, total, began, periodNanos, maxInFlight);
		ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
		pacer.scheduleAtFixedRate(() -> {
			// Catch up after a hiccup of the pacer: the offered rate is what was asked.
			sender.dueUpTo((int) Math.min(total, (System.nanoTime() - began) / periodNanos + 1));
			// Every millisecond at most: a due message waits for its tick, and that wait
			// counts in its latency, but a tick per half period at high rates woke this
			// tool thousands of times a second for nothing.
		}, 0, Math.max(TimeUnit.MILLISECONDS.toNanos(1), periodNanos / 2), TimeUnit.NANOSECONDS);
		CountDownLatch answered = sender.answered();
		Map<String, Long> startedAt = sender.startedAt();
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
				"RESULT offered=%d sent=%d accepted=%d refused=%d unsent=%d replied=%d achieved=%.0f p50_ms=%.1f p99_ms=%.1f p999_ms=%.1f max_ms=%.1f tool_cpu_s=%.1f%n",
				rate, total - warmUp, sender.accepted(), sender.refused(), sender.unsent(), latencies.length,
				latencies.length / ((lastReply - measuredFrom) / 1e9), millis(latencies, 0.50), millis(latencies, 0.99),
				millis(latencies, 0.999), millis(latencies, 1.0), cpuSeconds());
		for (Topic hop : HOPS.keySet()) {
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

	/**
	 * Sends message {@code i} at its intended time, {@code began + i × period}, on one of
	 * {@code maxInFlight} sender threads, each with its own kept-alive connection: a
	 * message due while every sender is busy waits in the queue for one. Latencies count
	 * from the intended time, so waiting here counts as the system's (no coordinated
	 * omission, as wrk2 measures). A message still waiting 30 s after its intended time
	 * is not sent, and one sent later waits only for what is left of those 30 s: either
	 * counts as refused.
	 *
	 * <p>
	 * Blocking requests on Apache HttpClient's classic API, not the JDK's asynchronous
	 * client: there, each answer crossed the client's selector thread, an executor and a
	 * chain of futures before it was counted and the next message could go, and on a
	 * machine the pipeline saturates, those hand-offs wait for a core too. Alternating
	 * with the JDK's client on one stack, this sender measured a lower median at 500/s
	 * and 1,000/s in every pair, for about the same CPU of its own (docs/BENCHMARKS.md).
	 * The bound on requests in flight is kept: unbounded, the JDK's client had opened a
	 * connection per request in flight.
	 */
	private static final class Sender {

		/** Tells a sender thread that no message is left. */
		private static final int NO_MORE = -1;

		private final CloseableHttpClient http;

		private final URI uri;

		private final String run;

		private final int warmUp;

		private final long began;

		private final long periodNanos;

		private final BlockingQueue<Integer> waiting = new LinkedBlockingQueue<>();

		private final int senders;

		// Only the pacer's thread makes messages due.
		private int due;

		private final int total;

		private final Map<String, Long> startedAt = new ConcurrentHashMap<>();

		private final AtomicInteger accepted = new AtomicInteger();

		private final AtomicInteger refused = new AtomicInteger();

		private final AtomicInteger unsent = new AtomicInteger();

		private final CountDownLatch answered;

		Sender(URI uri, String run, int warmUp, int total, long began, long periodNanos, int maxInFlight) {
			this.http = HttpClients.custom()
				.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
					.setMaxConnTotal(maxInFlight)
					.setMaxConnPerRoute(maxInFlight)
					.build())
				// A request not answered in time is refused, not tried again: a retry
				// would send a message twice and measure neither.
				.disableAutomaticRetries()
				.disableCookieManagement()
				.disableRedirectHandling()
				.build();
			this.uri = uri;
			this.run = run;
			this.warmUp = warmUp;
			this.total = total;
			this.began = began;
			this.periodNanos = periodNanos;
			this.answered = new CountDownLatch(total);
			this.senders = maxInFlight;
			for (int n = 0; n < maxInFlight; n++) {
				Thread sender = new Thread(this::sendWhatFallsDue, "sender-" + n);
				sender.setDaemon(true);
				sender.start();
			}
		}

		/**
		 * Makes messages up to (not including) {@code count} due; after the last, tells
		 * every sender to stop once the queue is empty.
		 */
		void dueUpTo(int count) {
			while (this.due < count) {
				this.waiting.add(this.due++);
				if (this.due == this.total) {
					for (int n = 0; n < this.senders; n++) {
						this.waiting.add(NO_MORE);
					}
				}
			}
		}

		private void sendWhatFallsDue() {
			try {
				for (int i = this.waiting.take(); i != NO_MORE; i = this.waiting.take()) {
					send(i);
					this.answered.countDown();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private void send(int i) {
			boolean counted = i >= this.warmUp;
			long intended = this.began + i * this.periodNanos;
			long leftNanos = ANSWER_WITHIN.toNanos() - (System.nanoTime() - intended);
			if (leftNanos <= 0) {
				if (counted) {
					this.unsent.incrementAndGet();
					this.refused.incrementAndGet();
				}
				return;
			}
			String correlationId;
			try {
				correlationId = this.http.execute(request(this.uri, this.run, i, leftNanos),
						(response) -> (response.getCode() == 202)
								? correlationId(EntityUtils.toString(response.getEntity())) : null);
			}
			catch (IOException | RuntimeException ex) {
				// Refused, whatever went wrong: a sender that died here would leave its
				// message unanswered and the run a sender short.
				correlationId = null;
			}
			if (!counted) {
				return;
			}
			if (correlationId != null) {
				this.startedAt.put(correlationId, intended);
				this.accepted.incrementAndGet();
			}
			else {
				this.refused.incrementAndGet();
			}
		}

		private static String correlationId(String body) {
			Matcher id = CORRELATION_ID.matcher(body);
			return id.find() ? id.group(1) : null;
		}

		CountDownLatch answered() {
			return this.answered;
		}

		Map<String, Long> startedAt() {
			return this.startedAt;
		}

		int accepted() {
			return this.accepted.get();
		}

		int refused() {
			return this.refused.get();
		}

		int unsent() {
			return this.unsent.get();
		}

	}

	private static double cpuSeconds() {
		return ProcessHandle.current().info().totalCpuDuration().map((cpu) -> cpu.toMillis() / 1e3).orElse(Double.NaN);
	}

	private static Topic hop(String topicName) {
		return HOPS.keySet().stream().filter((hop) -> hop.topicName().equals(topicName)).findFirst().orElseThrow();
	}

	private static Map<Topic, EventType> orderedHops() {
		Map<Topic, EventType> hops = new LinkedHashMap<>();
		hops.put(Topic.RAW_MESSAGES, EventType.MESSAGE_RECEIVED);
		hops.put(Topic.NORMALIZED_MESSAGES, EventType.MESSAGE_NORMALIZED);
		hops.put(Topic.TICKETS_IN, EventType.TICKET_REQUESTED);
		hops.put(Topic.RESPONSES_OUT, EventType.REPLY_PREPARED);
		return Collections.unmodifiableMap(hops);
	}

	private static HttpPost request(URI uri, String run, int i, long timeoutNanos) {
		// Distinct senders and texts: neither the rate limit (disabled for the run) nor
		// the resubmission window should see repeats.
		String body = """
				{"name":"Bench Customer %d","email":"bench-%s-%d@example.com","subject":"Order %d",\
				"message":"Hello, where is my order %s-%d? It has not arrived yet.","category":"orders"}"""
			.formatted(i % 2000, run, i % 2000, i, run, i);
		Timeout timeout = Timeout.of(timeoutNanos, TimeUnit.NANOSECONDS);
		HttpPost post = new HttpPost(uri);
		post.setConfig(RequestConfig.custom()
			.setConnectionRequestTimeout(timeout)
			.setConnectTimeout(timeout)
			.setResponseTimeout(timeout)
			.build());
		post.setHeader("Idempotency-Key", UUID.randomUUID().toString());
		post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
		return post;
	}

	private static double millis(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

}
