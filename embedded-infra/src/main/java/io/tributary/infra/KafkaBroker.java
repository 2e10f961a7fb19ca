package io.tributary.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller),
 * run inside this JVM from the {@code kafka_2.13} artifact on Maven Central. It is the
 * same server that {@code kafka-server-start.sh} runs: storage is formatted with the
 * {@code kafka-storage} tool and the log lives in a directory of the caller's choosing,
 * so a restart keeps every message.
 *
 * <p>
 * The broker can be stopped and started again on the same ports, which is what fault
 * tests need ("Kafka goes away, then comes back").
 */
public final class KafkaBroker implements AutoCloseable {

	private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private final Path dataDirectory;

	private final int port;

	private final int controllerPort;

	private final Map<String, String> overrides;

	private KafkaRaftServer server;

	private KafkaBroker(Path dataDirectory, int port, int controllerPort, Map<String, String> overrides) {
		this.dataDirectory = dataDirectory;
		this.port = port;
		this.controllerPort = controllerPort;
		this.overrides = Map.copyOf(overrides);
	}

	/**
	 * Starts a broker whose log lives in {@code dataDirectory}, formatting it on first
	 * use.
	 * @param dataDirectory where the log and metadata are kept
	 * @param port the client (PLAINTEXT) port
	 * @param controllerPort the KRaft controller port
	 * @param overrides broker settings that replace the defaults below
	 * @return the running broker
	 */
	public static KafkaBroker start(Path dataDirectory, int port, int controllerPort, Map<String, String> overrides) {
		KafkaBroker broker = new KafkaBroker(dataDirectory, port, controllerPort, overrides);
		broker.start();
		return broker;
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	public Path dataDirectory() {
		return this.dataDirectory;
	}

	public synchronized boolean isRunning() {
		return this.server != null;
	}

	/**
	 * Starts the broker (again) on the same ports and log directory, and waits until it
	 * answers clients.
	 */
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		long started = System.nanoTime();
		Properties properties = serverProperties();
		formatStorageIfNeeded(properties);
		KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
		raftServer.startup();
		this.server = raftServer;
		awaitClientsAnswered();
		LOG.info("Kafka broker ready on {} in {} ms (log in {})", bootstrapServers(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), this.dataDirectory);
	}

	/**
	 * Stops the broker; its log stays on disk for the next {@link #start()}.
	 */
	public synchronized void stop() {
		if (this.server == null) {
			return;
		}
		this.server.shutdown();
		this.server.awaitShutdown();
		this.server = null;
		LOG.info("Kafka broker on {} stopped", bootstrapServers());
	}

	@Override
	public void close() {
		stop();
	}

	private Properties serverProperties() {
		Properties properties = new Properties();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", "1");
		properties.put("controller.quorum.voters", "1@127.0.0.1:" + this.controllerPort);
		properties.put("listeners",
				"PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + this.controllerPort);
		properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + this.port);
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		properties.put("log.dirs", this.dataDirectory.resolve("log").toString());
		// A single node can only replicate once; topics are declared by the services from
		// the catalogue.
		properties.put("offsets.topic.replication.factor", "1");
		properties.put("offsets.topic.num.partitions", "6");
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		properties.put("transaction.state.log.num.partitions", "6");
		properties.put("share.coordinator.state.topic.replication.factor", "1");
		properties.put("share.coordinator.state.topic.min.isr", "1");
		properties.put("default.replication.factor", "1");
		properties.put("min.insync.replicas", "1");
		properties.put("auto.create.topics.enable", "false");
		properties.put("group.initial.rebalance.delay.ms", "0");
		properties.put("num.network.threads", "2");
		properties.put("num.io.threads", "4");
		properties.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
		properties.putAll(this.overrides);
		return properties;
	}

	private void formatStorageIfNeeded(Properties properties) {
		try {
			Files.createDirectories(this.dataDirectory);
			Path config = this.dataDirectory.resolve("server.properties");
			try (OutputStream out = Files.newOutputStream(config)) {
				properties.store(out, "Written by Tributary's KafkaBroker on every start");
			}
			ByteArrayOutputStream output = new ByteArrayOutputStream();
			int exitCode = StorageTool.execute(new String[] { "format", "--cluster-id", clusterId(), "--config",
					config.toString(), "--ignore-formatted" }, new PrintStream(output, true, StandardCharsets.UTF_8));
			if (exitCode != 0) {
				throw new IllegalStateException(
						"kafka-storage format failed (" + exitCode + "): " + output.toString(StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare Kafka storage in " + this.dataDirectory, ex);
		}
	}

	/** The cluster id is chosen once per data directory and kept beside the log. */
	private String clusterId() throws IOException {
		Path file = this.dataDirectory.resolve("cluster-id");
		if (Files.exists(file)) {
			return Files.readString(file).trim();
		}
		String id = Uuid.randomUuid().toString();
		Files.writeString(file, id);
		return id;
	}

	private void awaitClientsAnswered() {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				5000);
		try (Admin admin = Admin.create(config)) {
			while (true) {
				try {
					if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
						return;
					}
				}
				catch (Exception ex) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " did not answer",
								ex);
					}
				}
				if (Thread.interrupted()) {
					throw new IllegalStateException("Interrupted while waiting for Kafka");
				}
			}
		}
	}

}
