package io.tributary.kit.redis;

import java.time.Duration;
import java.util.Properties;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Redis's memory as the services see it, in bytes, from {@code INFO memory}:
 * {@value #USED} and {@value #MAX} (Redis's {@code maxmemory}, 0 when it has none).
 *
 * <p>
 * Every service keeps its state in one Redis, and most of it for days (progress 7 days,
 * the audit trail 400), so its memory grows with traffic. At {@code maxmemory}, with the
 * {@code noeviction} policy the Kubernetes manifest sets, Redis refuses writes and the
 * stages pause and retry until memory is freed or raised; nothing is lost, but nothing
 * moves. These gauges let an alert say so before it happens.
 *
 * <p>
 * A scrape reads both gauges, so one {@code INFO} answers both: a reading is reused for a
 * few seconds. When Redis cannot be asked, the gauges read NaN (its health check reports
 * the outage).
 */
public final class RedisMemoryMeters implements MeterBinder {

	/** Bytes Redis uses ({@code used_memory}). */
	public static final String USED = "tributary.redis.memory.used";

	/** Redis's {@code maxmemory} in bytes; 0 when unlimited. */
	public static final String MAX = "tributary.redis.memory.max";

	private static final Duration FRESH_FOR = Duration.ofSeconds(5);

	private final RedisConnectionFactory connections;

	// Only read and written inside reading(), which is synchronized; null until the
	// first.
	private Reading last;

	public RedisMemoryMeters(RedisConnectionFactory connections) {
		this.connections = connections;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(USED, this, (meters) -> meters.reading().used())
			.description("Memory used by Redis, as INFO memory reports it")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder(MAX, this, (meters) -> meters.reading().max())
			.description("Redis's maxmemory (0: no limit); at it, writes are refused and the pipeline pauses")
			.baseUnit("bytes")
			.register(registry);
	}

	private synchronized Reading reading() {
		long now = System.nanoTime();
		if (this.last != null && now - this.last.takenAt() < FRESH_FOR.toNanos()) {
			return this.last;
		}
		try (RedisConnection connection = this.connections.getConnection()) {
			Properties info = connection.serverCommands().info("memory");
			this.last = new Reading(now, number(info, "used_memory"), number(info, "maxmemory"));
		}
		catch (RuntimeException ex) {
			this.last = new Reading(now, Double.NaN, Double.NaN);
		}
		return this.last;
	}

	private static double number(Properties info, String name) {
		String value = (info != null) ? info.getProperty(name) : null;
		return (value != null) ? Double.parseDouble(value.trim()) : Double.NaN;
	}

	private record Reading(long takenAt, double used, double max) {
	}

}
