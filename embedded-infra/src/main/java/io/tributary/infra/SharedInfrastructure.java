package io.tributary.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Kafka broker and one Redis server for a whole test JVM, in a temporary directory
 * removed on close. Starting a broker costs seconds and a few hundred megabytes, so every
 * test class of a module shares this pair instead of starting its own.
 */
public final class SharedInfrastructure implements AutoCloseable {

	/**
	 * Enough partitions to exercise keyed ordering and concurrency, few enough to start
	 * fast.
	 */
	public static final int TEST_PARTITIONS = 3;

	private final Path directory;

	private final KafkaBroker kafka;

	private final RedisServerProcess redis;

	private SharedInfrastructure(Path directory, KafkaBroker kafka, RedisServerProcess redis) {
		this.directory = directory;
		this.kafka = kafka;
		this.redis = redis;
	}

	/**
	 * Starts a broker and a Redis server on free loopback ports in a fresh temporary
	 * directory.
	 * @return the running pair
	 */
	public static SharedInfrastructure startInTemporaryDirectory() {
		try {
			Path directory = Files.createTempDirectory("tributary-test-");
			KafkaBroker kafka = KafkaBroker.start(directory.resolve("kafka"), FreePorts.find(), FreePorts.find(),
					Map.of());
			RedisServerProcess redis = RedisServerProcess.start(directory.resolve("redis"), FreePorts.find());
			return new SharedInfrastructure(directory, kafka, redis);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public KafkaBroker kafka() {
		return this.kafka;
	}

	public RedisServerProcess redis() {
		return this.redis;
	}

	/**
	 * The Spring Boot properties that point a service at this broker and server, and size
	 * the catalogue's topics for one broker.
	 * @return property names and values
	 */
	public Map<String, String> springProperties() {
		return Map.of("spring.kafka.bootstrap-servers", this.kafka.bootstrapServers(), "spring.data.redis.host",
				this.redis.host(), "spring.data.redis.port", Integer.toString(this.redis.port()),
				"tributary.topics.replication-factor", "1", "tributary.topics.min-insync-replicas", "1",
				"tributary.topics.partitions", Integer.toString(TEST_PARTITIONS));
	}

	@Override
	public void close() throws IOException {
		try {
			this.redis.close();
		}
		finally {
			this.kafka.close();
			deleteRecursively(this.directory);
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

}
