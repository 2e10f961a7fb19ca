package io.tributary.localstack.system;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.reply.DeliveryOutcome;
import io.tributary.events.reply.ReplyDeliveryCompleted;
import io.tributary.events.serde.CloudEventHeaders;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.infra.FreePorts;
import io.tributary.localstack.LocalStackAccess;
import io.tributary.localstack.system.Submission.Kind;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole suite as separate processes (a KRaft broker, redis-server, and the three
 * service jars of this build), driven only through intake's HTTP endpoints and read only
 * from Kafka, the SMTP sink, the WhatsApp provider stub and HTTP, with every message
 * reconciled. Traffic is seeded: the seed is printed, and {@code -Dtributary.system.seed}
 * replays a run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineSystemTests {

	private static final long SEED = Long.getLong("tributary.system.seed", System.nanoTime());

	private static final Duration SETTLE = Duration.ofMinutes(5);

	/** Under target/, not a temporary folder: the service logs outlive a failed run. */
	private static final Path DATA = Path.of("target", "system-tests");

	/** Each run's own phone numbers (the stack, and so Redis, is shared by the runs). */
	private static final AtomicInteger PHONE_BLOCKS = new AtomicInteger(10);

	private static final List<String> SERVICES = List.of("intake-service", "agent-processor-service",
			"notification-service");

	private LocalStackAccess stack;

	private TwilioStub twilio;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private TopicTail<TributaryEvent> ticketRequests;

	private TopicTail<TributaryEvent> ticketOutcomes;

	private TopicTail<byte[]> rawDeadLetters;

	@BeforeAll
	void startTheSuite() throws Exception {
		System.out.println("PipelineSystemTests seed: " + SEED + " (rerun with -Dtributary.system.seed=" + SEED + ")");
		this.twilio = new TwilioStub();
		int intakePort = FreePorts.find();
		deleteRecursively(DATA);
		this.stack = LocalStackAccess.start(DATA, intakePort,
				Map.ofEntries(Map.entry("TRIBUTARY_INTAKE_WHATSAPP_TWILIO_AUTH_TOKEN", SystemTraffic.TWILIO_TOKEN),
						Map.entry("TRIBUTARY_INTAKE_WHATSAPP_TWILIO_PUBLIC_BASE_URL", "http://127.0.0.1:" + intakePort),
						Map.entry("TRIBUTARY_INTAKE_WHATSAPP_META_APP_SECRET", SystemTraffic.META_SECRET),
						Map.entry("TRIBUTARY_INTAKE_WHATSAPP_META_VERIFY_TOKEN", "system-test-verify"),
						Map.entry("TRIBUTARY_INTAKE_WEB_FORM_RATE_LIMIT_PER_ADDRESS", "1000000"),
						Map.entry("TRIBUTARY_NOTIFICATION_WHATSAPP_PROVIDER", "twilio"),
						Map.entry("TRIBUTARY_NOTIFICATION_WHATSAPP_TWILIO_BASE_URL", this.twilio.baseUrl()),
						Map.entry("TRIBUTARY_NOTIFICATION_WHATSAPP_TWILIO_ACCOUNT_SID", TwilioStub.ACCOUNT),
						Map.entry("TRIBUTARY_NOTIFICATION_WHATSAPP_TWILIO_AUTH_TOKEN", "system-test-token"),
						Map.entry("TRIBUTARY_NOTIFICATION_WHATSAPP_TWILIO_FROM", "+14155238886")));
		String bootstrap = this.stack.bootstrapServers();
		this.ticketRequests = TopicTail.events(bootstrap, Topic.TICKETS_IN.topicName());
		this.ticketOutcomes = TopicTail.events(bootstrap, Topic.TICKETS_OUT.topicName());
		this.rawDeadLetters = TopicTail.bytes(bootstrap, Topic.RAW_MESSAGES.deadLetterTopicName());
	}

	/**
	 * Each test starts with every service up, whatever an earlier test left behind (a
	 * failed test may have stopped between a kill and its restart).
	 */
	@BeforeEach
	void everyServiceIsRunning() throws Exception {
		for (String service : SERVICES) {
			if (!this.stack.isAlive(service)) {
				this.stack.restart(service);
			}
		}
	}

	@AfterEach
	void showTheServiceLogsOfAFailure(TestInfo test) throws Exception {
		for (String service : SERVICES) {
			if (!this.stack.isAlive(service)) {
				System.out
					.println("After " + test.getDisplayName() + ", " + service + " is not running; its log ends:");
				this.stack.logTail(service, 60).forEach(System.out::println);
			}
		}
	}

	@AfterAll
	void stopTheSuite() {
		if (this.ticketRequests != null) {
			this.ticketRequests.close();
			this.ticketOutcomes.close();
			this.rawDeadLetters.close();
		}
		if (this.stack != null) {
			this.stack.stop();
		}
		if (this.twilio != null) {
			this.twilio.close();
		}
	}

	@Test
	@Order(1)
	void aMixedRunOfFiveThousandMessagesReconcilesExactly() throws Exception {
		Run run = drive("mixed", new Random(SEED), 4600, 150, 150, 100);

		Reconciliation result = reconcile(run);

		assertThat(result.unknownOutcomes()).as("no process was killed, so every outcome is known").isEmpty();
		System.out.println("mixed run: " + result);
	}

	@Test
	@Order(2)
	void killingTheAgentAndTheNotificationServiceMidRunLosesAndDoublesNothing() throws Exception {
		Random random = new Random(SEED + 1);
		Map<Submission, String> accepted = new ConcurrentHashMap<>();
		Random traffic = new Random(random.nextLong());
		CompletableFuture<Run> driving = CompletableFuture.supplyAsync(() -> {
			try {
				return drive("killed", traffic, 4600, 150, 150, 100, accepted, new AtomicInteger());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		int valid = 4600;
		// Kill each at a seeded random point of its own progress, with SIGKILL, while
		// traffic is still coming in.
		double agentAt = 0.1 + random.nextDouble() * 0.2;
		double notificationAt = 0.3 + random.nextDouble() * 0.2;
		await().atMost(SETTLE).until(() -> ticketed(Set.copyOf(accepted.values())) >= valid * agentAt);
		this.stack.kill("agent-processor-service");
		assertThat(driving).as("killed mid-run").isNotDone();
		this.stack.restart("agent-processor-service");
		await().atMost(SETTLE).until(() -> outcomes(Set.copyOf(accepted.values())).size() >= valid * notificationAt);
		this.stack.kill("notification-service");
		assertThat(outcomes(Set.copyOf(accepted.values())).size()).as("killed mid-run").isLessThan(valid);
		this.stack.restart("notification-service");
		Run run = driving.get(5, TimeUnit.MINUTES);

		Reconciliation result = reconcile(run);

		// A reply whose send was under way at the kill has an unknown outcome: it is not
		// sent again (at most once) but reported failed, for a person to check. At most
		// one per consumer thread (2) can be in flight.
		assertThat(result.unknownOutcomes()).hasSizeLessThanOrEqualTo(2);
		System.out.println("killed run (agent at " + Math.round(agentAt * 100) + "%, notification at "
				+ Math.round(notificationAt * 100) + "%): " + result);
	}

	@Test
	@Order(3)
	void kafkaAndRedisOutagesMidRunPauseTheWorkAndLoseNothing() throws Exception {
		Random random = new Random(SEED + 2);
		Map<Submission, String> accepted = new ConcurrentHashMap<>();
		AtomicInteger unavailable = new AtomicInteger();
		CompletableFuture<Run> driving = CompletableFuture.supplyAsync(() -> {
			try {
				return drive("outage", random, 1500, 40, 40, 20, accepted, unavailable);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(SETTLE).until(() -> accepted.size() >= 300);
		this.stack.stopKafka();
		try {
			// While Kafka is down, intake refuses with 503 and Retry-After, never 202.
			await().atMost(SETTLE).until(() -> unavailable.get() >= 8);
		}
		finally {
			this.stack.startKafka();
		}
		await().atMost(SETTLE).until(() -> accepted.size() >= 900);
		this.stack.stopRedis();
		Set<String> acceptedWhileRedisWasDown;
		try {
			await().atMost(SETTLE).until(() -> readiness("agent-processor-service") == 503);
			Set<String> before = new HashSet<>(accepted.values());
			// Intake still takes messages (they are safe in Kafka); the agent cannot
			// ticket any of them until Redis is back.
			await().atMost(SETTLE).until(() -> accepted.size() >= before.size() + 16);
			acceptedWhileRedisWasDown = new HashSet<>(accepted.values());
			acceptedWhileRedisWasDown.removeAll(before);
			assertThat(ticketed(acceptedWhileRedisWasDown)).as("processing paused while Redis was down").isZero();
		}
		finally {
			this.stack.startRedis();
		}
		Run run = driving.get(5, TimeUnit.MINUTES);

		Reconciliation result = reconcile(run);

		assertThat(unavailable.get()).isGreaterThanOrEqualTo(8);
		assertThat(run.allIds()).containsAll(acceptedWhileRedisWasDown);
		assertThat(result.unknownOutcomes()).isEmpty();
		System.out.println("outage run (" + unavailable.get() + " answers 503 while Kafka was down, "
				+ acceptedWhileRedisWasDown.size() + " accepted while Redis was down): " + result);
	}

	/**
	 * The readiness probe's status, or -1 while nothing listens (a restarting service).
	 */
	private int readiness(String module) throws Exception {
		try {
			return readinessStatus(module);
		}
		catch (ConnectException ex) {
			return -1;
		}
	}

	private int readinessStatus(String module) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(this.stack.serviceUrl(module) + "/actuator/health/readiness"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	/**
	 * Awaitility fails a wait when any thread of this JVM dies of an uncaught exception.
	 * The SMTP sink's handler threads do when a killed notification service resets its
	 * connection mid-mail, which the killed run provokes on purpose: those must not fail
	 * the run. What the run promises is checked by the reconciliation.
	 */
	private static ConditionFactory await() {
		return Awaitility.await().dontCatchUncaughtExceptions();
	}

	private Run drive(String label, Random random, int valid, int retries, int resubmissions, int poison)
			throws Exception {
		return drive(label, random, valid, retries, resubmissions, poison, new ConcurrentHashMap<>(),
				new AtomicInteger());
	}

	/**
	 * Sends the traffic, eight requests at a time. A 503 (Kafka unavailable) is retried
	 * as a client would, until accepted; {@code unavailable} counts them.
	 */
	private Run drive(String label, Random random, int valid, int retries, int resubmissions, int poison,
			Map<Submission, String> accepted, AtomicInteger unavailable) throws Exception {
		String runId = label + Long.toString(Math.abs(random.nextLong()), 36).substring(0, 6);
		SystemTraffic traffic = new SystemTraffic(random.nextLong(), runId, this.stack.intakeUrl(),
				PHONE_BLOCKS.getAndIncrement());
		ExecutorService senders = Executors.newFixedThreadPool(8);
		try {
			for (List<Submission> phase : traffic.phases(valid, retries, resubmissions, poison)) {
				List<Future<?>> sent = new ArrayList<>();
				for (Submission submission : phase) {
					sent.add(senders.submit(() -> {
						await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
							String messageId = send(submission, unavailable);
							if (messageId != null) {
								accepted.put(submission, messageId);
							}
							return messageId != null;
						});
						return null;
					}));
				}
				for (Future<?> future : sent) {
					future.get();
				}
			}
		}
		finally {
			senders.shutdown();
		}
		Run run = new Run(accepted);
		for (Map.Entry<Submission, String> entry : accepted.entrySet()) {
			Submission submission = entry.getKey();
			if (submission.kind() == Kind.PROVIDER_RETRY) {
				assertThat(entry.getValue()).as("a provider retry keeps the message id")
					.isEqualTo(accepted.get(submission.original()));
			}
			if (submission.kind() == Kind.RESUBMISSION) {
				assertThat(entry.getValue()).isNotEqualTo(accepted.get(submission.original()));
			}
		}
		assertThat(run.ids(Kind.VALID)).hasSize(valid);
		assertThat(run.ids(Kind.POISON)).hasSize(poison);
		assertThat(run.ids(Kind.RESUBMISSION)).hasSize(resubmissions);
		return run;
	}

	/** The message id, or null when intake answered 503 (Kafka unavailable). */
	private String send(Submission submission, AtomicInteger unavailable) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.stack.intakeUrl() + submission.path()))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", submission.contentType())
			.POST(HttpRequest.BodyPublishers.ofString(submission.body(), StandardCharsets.UTF_8));
		submission.headers().forEach(request::header);
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() == 503) {
			assertThat(response.headers().firstValue("Retry-After")).isPresent();
			unavailable.incrementAndGet();
			return null;
		}
		// Meta's webhook answers 200 with what it accepted from the delivery; the others
		// 202.
		boolean meta = submission.path().endsWith("/meta");
		assertThat(response.statusCode()).as(submission.kind() + " " + submission.path() + ": " + response.body())
			.isEqualTo(meta ? 200 : 202);
		JsonNode body = JsonMapper.shared().readTree(response.body());
		JsonNode messageId = meta ? body.path("accepted").path(0).path("messageId") : body.path("messageId");
		assertThat(messageId.isMissingNode()).as(response.body()).isFalse();
		return messageId.asString();
	}

	/** Where a message is in the pipeline, as intake's status endpoint tells it. */
	private JsonNode status(String messageId) throws Exception {
		return JsonMapper.shared()
			.readTree(this.http
				.send(HttpRequest.newBuilder(URI.create(this.stack.intakeUrl() + "/api/v1/messages/" + messageId))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body());
	}

	private Reconciliation reconcile(Run run) throws Exception {
		Set<String> valid = run.ids(Kind.VALID);
		// Asserted rather than polled for a boolean, so that a timeout names the messages
		// still missing, and says where the first of them are.
		try {
			await().atMost(SETTLE)
				.untilAsserted(() -> assertThat(outcomes(run).keySet()).as("valid messages with a delivery outcome")
					.containsAll(valid));
		}
		catch (ConditionTimeoutException ex) {
			Set<String> delivered = outcomes(run).keySet();
			List<String> statuses = new ArrayList<>();
			for (String id : valid.stream().filter((id) -> !delivered.contains(id)).limit(5).toList()) {
				statuses.add(status(id).toString());
			}
			throw new AssertionError("Valid messages still without a delivery outcome; the first are at " + statuses,
					ex);
		}
		await().atMost(SETTLE)
			.untilAsserted(() -> assertThat(deadLetteredIds()).as("poison records in a DLT")
				.containsAll(run.ids(Kind.POISON)));

		Map<String, Long> requestsPerMessage = this.ticketRequests.poll()
			.stream()
			.map(ConsumerRecord::value)
			.filter((event) -> event instanceof TicketRequested)
			.map((event) -> ((TicketRequested) event).messageId())
			.filter(run.allIds()::contains)
			.collect(Collectors.groupingBy((id) -> id, Collectors.counting()));
		for (String id : valid) {
			assertThat(requestsPerMessage.get(id)).as("ticket requests of " + id).isEqualTo(1L);
		}
		for (String id : run.ids(Kind.RESUBMISSION)) {
			assertThat(requestsPerMessage).as("a resubmission opens nothing").doesNotContainKey(id);
		}
		for (String id : run.ids(Kind.POISON)) {
			assertThat(requestsPerMessage).doesNotContainKey(id);
		}

		Map<String, Set<String>> outcomes = outcomes(run);
		List<String> unknown = new ArrayList<>();
		for (String id : valid) {
			Set<String> outcome = outcomes.get(id);
			assertThat(outcome).as("one outcome for the reply to " + id).hasSize(1);
			String only = outcome.iterator().next();
			if (!only.equals("DELIVERED")) {
				assertThat(only).as(id).contains("outcome unknown");
				unknown.add(id);
			}
		}
		assertThat(outcomes.keySet()).as("replies only to valid messages").isEqualTo(valid);

		// The physical side: what reached the SMTP sink and the WhatsApp provider.
		Map<String, Long> mailsTo = new HashMap<>();
		for (MimeMessage mail : this.stack.mails()) {
			mailsTo.merge(mail.getAllRecipients()[0].toString(), 1L, Long::sum);
		}
		for (Map.Entry<Submission, String> entry : run.accepted().entrySet()) {
			Submission submission = entry.getKey();
			if (submission.kind() != Kind.VALID) {
				continue;
			}
			long sent = switch (submission.replyChannel()) {
				case "EMAIL" -> mailsTo.getOrDefault(submission.contact(), 0L);
				case "WHATSAPP" -> this.twilio.sentTo(submission.contact());
				default -> 1L;
			};
			if (unknown.contains(entry.getValue())) {
				assertThat(sent).as("unknown outcome, sent at most once: " + entry.getValue()).isLessThanOrEqualTo(1);
			}
			else {
				assertThat(sent).as("sent exactly once: " + entry.getValue()).isEqualTo(1);
			}
		}

		for (String id : run.ids(Kind.RESUBMISSION)) {
			JsonNode status = status(id);
			assertThat(status.get("stage").asString()).as(id).isEqualTo("REJECTED");
			assertThat(status.toString()).contains("same content as");
		}
		Map<String, String> reasons = deadLetterReasons();
		for (String id : run.ids(Kind.POISON)) {
			assertThat(reasons.get(id)).as("dead letter reason of " + id).isNotBlank();
		}
		int accepted = run.allIds().size();
		assertThat(accepted).as("accepted = valid + resubmissions + poison (retries map to their original)")
			.isEqualTo(valid.size() + run.ids(Kind.RESUBMISSION).size() + run.ids(Kind.POISON).size());
		return new Reconciliation(run.accepted().size(), accepted, valid.size(), run.ids(Kind.RESUBMISSION).size(),
				run.ids(Kind.POISON).size(), valid.size() - unknown.size(), unknown);
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (Files.exists(directory)) {
			try (Stream<Path> paths = Files.walk(directory)) {
				paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

	private long ticketed(Run run) {
		return ticketed(run.allIds());
	}

	private long ticketed(Set<String> ids) {
		return this.ticketRequests.poll()
			.stream()
			.filter((r) -> r.value() instanceof TicketRequested request && ids.contains(request.messageId()))
			.count();
	}

	/**
	 * Per message, the distinct outcomes of its reply (DELIVERED, or the failure's
	 * detail).
	 */
	private Map<String, Set<String>> outcomes(Run run) {
		return outcomes(run.allIds());
	}

	private Map<String, Set<String>> outcomes(Set<String> ids) {
		Map<String, Set<String>> outcomes = new HashMap<>();
		for (ConsumerRecord<String, TributaryEvent> record : this.ticketOutcomes.poll()) {
			if (record.value() instanceof ReplyDeliveryCompleted completed) {
				String messageId = completed.replyId().substring("rep-".length());
				if (ids.contains(messageId)) {
					outcomes.computeIfAbsent(messageId, (k) -> new HashSet<>())
						.add((completed.outcome() == DeliveryOutcome.DELIVERED) ? "DELIVERED"
								: "FAILED: " + completed.detail());
				}
			}
		}
		return outcomes;
	}

	private Set<String> deadLetteredIds() {
		return deadLetterReasons().keySet();
	}

	private Map<String, String> deadLetterReasons() {
		Map<String, String> reasons = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : this.rawDeadLetters.poll()) {
			String id = CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID);
			String reason = CloudEventHeaders.text(record.headers(), "kafka_dlt-exception-message");
			if (id != null) {
				reasons.put(id, reason);
			}
		}
		return reasons;
	}

	/**
	 * What a drive accepted.
	 *
	 * @param accepted each submission and the message id intake answered
	 */
	record Run(Map<Submission, String> accepted) {

		Set<String> ids(Kind kind) {
			return this.accepted.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().kind() == kind)
				.map(Map.Entry::getValue)
				.collect(Collectors.toSet());
		}

		Set<String> allIds() {
			return new HashSet<>(this.accepted.values());
		}

	}

	/**
	 * The counts of a run.
	 *
	 * @param requests HTTP requests sent
	 * @param accepted distinct message ids accepted
	 * @param valid valid messages
	 * @param resubmissions resubmissions recognised
	 * @param poison poison records dead-lettered
	 * @param delivered replies delivered exactly once
	 * @param unknownOutcomes replies whose send was interrupted by a kill
	 */
	record Reconciliation(int requests, int accepted, int valid, int resubmissions, int poison, int delivered,
			List<String> unknownOutcomes) {

	}

}
