package io.tributary.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tributary.events.catalogue.TopicSettings;
import io.tributary.infra.KafkaBroker;
import io.tributary.infra.RedisServerProcess;

/**
 * Runs Tributary on this machine with nothing but a JDK: a real single-node KRaft Kafka
 * broker, a real Redis, every catalogue topic, and the three services as separate
 * processes. Data stays in the data directory, so a restart keeps every message; Ctrl-C
 * stops the services, then Redis, then Kafka.
 */
public final class LocalStack {

	/** Topics on one broker: the production partition count, one replica. */
	static final TopicSettings LOCAL_TOPICS = TopicSettings.singleBroker(6);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private final LocalStackOptions options;

	private final List<ServiceProcess> services = new ArrayList<>();

	private KafkaBroker kafka;

	private RedisServerProcess redis;

	private GreenMail mailSink;

	private final Map<String, String> extraEnvironment = new HashMap<>();

	LocalStack(LocalStackOptions options) {
		this.options = options;
	}

	/**
	 * Settings added to every service's environment (system tests configure providers).
	 */
	LocalStack withEnvironment(Map<String, String> environment) {
		this.extraEnvironment.putAll(environment);
		return this;
	}

	public static void main(String[] args) throws Exception {
		LocalStackOptions options;
		try {
			options = LocalStackOptions.parse(args, Path.of("").toAbsolutePath());
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		LocalStack stack = new LocalStack(options);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stack.stop();
			stopped.countDown();
		}, "local-stack-shutdown"));
		try {
			stack.start();
		}
		catch (Exception ex) {
			System.err.println("\nThe local stack could not start: " + ex.getMessage());
			System.exit(1);
		}
		System.out.println("\nTributary is running. Press Ctrl-C to stop everything.");
		stopped.await();
	}

	void start() throws Exception {
		long began = System.nanoTime();
		Path data = this.options.dataDirectory();
		say("Data directory: %s", data);
		requireFree(this.options.kafkaPort(), "Kafka", "--kafka-port");
		requireFree(this.options.kafkaPort() + 1, "the Kafka controller", "--kafka-port");
		requireFree(this.options.redisPort(), "Redis", "--redis-port");

		this.kafka = KafkaBroker.start(data.resolve("kafka"), this.options.kafkaPort(), this.options.kafkaPort() + 1,
				Map.of());
		say("Kafka           %-28s ready after %s", this.kafka.bootstrapServers(), elapsed(began));
		this.redis = RedisServerProcess.start(data.resolve("redis"), this.options.redisPort());
		say("Redis           %-28s ready after %s", this.redis.host() + ":" + this.redis.port(), elapsed(began));
		// Email replies need an SMTP server; locally a sink keeps them in memory instead
		// of sending them.
		requireFree(this.options.smtpPort(), "the SMTP sink", "--smtp-port");
		this.mailSink = new GreenMail(new ServerSetup(this.options.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		this.mailSink.start();
		say("SMTP sink       %-28s ready (email replies are kept in memory, not sent)",
				"127.0.0.1:" + this.options.smtpPort());
		int created = TopicCreator.createMissing(this.kafka.bootstrapServers(), LOCAL_TOPICS);
		say("Topics          %d created, the rest already there", created);

		for (ServiceDefinition definition : this.options.services()) {
			requireFree(definition.port(), definition.module(), "--services");
			this.services.add(ServiceProcess.start(definition, this.options.projectDirectory(), data.resolve("logs"),
					serviceEnvironment()));
		}
		for (ServiceProcess service : this.services) {
			String url = "http://localhost:" + service.definition().port();
			if (!service.awaitReady(READY_TIMEOUT)) {
				throw new IllegalStateException(
						service.definition().module() + " did not become ready; see " + service.log());
			}
			say("%-15s %-28s ready after %s (pid %d, log %s)", service.definition().name(), url, elapsed(began),
					service.pid(), data.relativize(service.log()));
		}
	}

	/** Emails the SMTP sink has received, for tests and curious developers. */
	int emailsReceived() {
		return (this.mailSink != null) ? this.mailSink.getReceivedMessages().length : 0;
	}

	Map<String, String> serviceEnvironment() {
		Map<String, String> environment = new HashMap<>(baseEnvironment());
		environment.putAll(this.extraEnvironment);
		return environment;
	}

	/** The running process of a service. */
	ServiceProcess service(String module) {
		return this.services.stream()
			.filter((service) -> service.definition().module().equals(module))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(module + " is not running in this stack"));
	}

	/**
	 * Starts a service again (after a kill), with the same port and environment, and
	 * waits for it to be ready.
	 */
	synchronized ServiceProcess restart(String module) throws InterruptedException {
		ServiceProcess old = service(module);
		ServiceProcess started = ServiceProcess.start(old.definition(), this.options.projectDirectory(),
				this.options.dataDirectory().resolve("logs"), serviceEnvironment());
		this.services.set(this.services.indexOf(old), started);
		if (!started.awaitReady(READY_TIMEOUT)) {
			throw new IllegalStateException(module + " did not become ready again; see " + started.log());
		}
		return started;
	}

	KafkaBroker kafka() {
		return this.kafka;
	}

	RedisServerProcess redis() {
		return this.redis;
	}

	GreenMail mailSink() {
		return this.mailSink;
	}

	private Map<String, String> baseEnvironment() {
		return Map.ofEntries(Map.entry("SPRING_KAFKA_BOOTSTRAP_SERVERS", this.kafka.bootstrapServers()),
				Map.entry("SPRING_DATA_REDIS_HOST", this.redis.host()),
				Map.entry("SPRING_DATA_REDIS_PORT", Integer.toString(this.redis.port())),
				Map.entry("TRIBUTARY_TOPICS_PARTITIONS", Integer.toString(LOCAL_TOPICS.partitions())),
				Map.entry("TRIBUTARY_TOPICS_REPLICATION_FACTOR", "1"),
				Map.entry("TRIBUTARY_TOPICS_MIN_INSYNC_REPLICAS", "1"), Map.entry("SPRING_PROFILES_ACTIVE", "local"),
				Map.entry("SPRING_MAIL_HOST", "127.0.0.1"),
				Map.entry("SPRING_MAIL_PORT", Integer.toString(this.options.smtpPort())),
				// Fresher figures than production's 30 s while developing.
				Map.entry("TRIBUTARY_METRICS_SNAPSHOTS_INTERVAL", "5s"));
	}

	synchronized void stop() {
		say("Stopping...");
		for (ServiceProcess service : this.services) {
			try {
				service.stop(Duration.ofSeconds(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.services.clear();
		if (this.mailSink != null) {
			say("SMTP sink received %d email(s)", this.mailSink.getReceivedMessages().length);
			quietly(this.mailSink::stop);
			this.mailSink = null;
		}
		if (this.redis != null) {
			quietly(this.redis::close);
			this.redis = null;
		}
		if (this.kafka != null) {
			quietly(this.kafka::close);
			this.kafka = null;
		}
		say("Stopped. Data kept in %s", this.options.dataDirectory());
	}

	private static void requireFree(int port, String what, String option) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Port " + port + " for " + what
					+ " is in use: is another local stack running? Stop it or choose another port with " + option);
		}
	}

	private static void quietly(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			System.err.println("While stopping: " + ex.getMessage());
		}
	}

	private static String elapsed(long began) {
		return String.format("%.1f s", (System.nanoTime() - began) / 1e9);
	}

	private static void say(String format, Object... args) {
		System.out.println(String.format(format, args));
	}

}
