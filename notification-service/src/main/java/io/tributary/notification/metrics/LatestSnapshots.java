package io.tributary.notification.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.events.operations.MetricsSnapshotTaken;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The newest snapshot per instance, in one Redis hash ({@code metrics:latest}, field:
 * instance). A snapshot replaces the stored one only if it is newer, so a redelivered old
 * record cannot hide a fresher one. Instances silent for longer than the retention are
 * dropped when read.
 */
@Component
class LatestSnapshots {

	static final String KEY = "metrics:latest";

	private static final RedisScript<Long> KEEP_NEWEST = RedisScript.of("""
			local current = redis.call('HGET', KEYS[1], ARGV[1])
			if current then
			  local at = tonumber(string.match(current, '^(%d+)|'))
			  if at and at >= tonumber(ARGV[2]) then return 0 end
			end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final Duration retention;

	private final JsonMapper json = JsonMapper.shared();

	LatestSnapshots(StringRedisTemplate redis, MetricsProperties properties) {
		this.redis = redis;
		this.retention = properties.instanceRetention();
	}

	void keep(MetricsSnapshotTaken snapshot) {
		Snapshot view = new Snapshot(snapshot.service(), snapshot.instance(), snapshot.metadata().occurredAt(),
				new TreeMap<>(snapshot.metrics()));
		this.redis.execute(KEEP_NEWEST, List.of(KEY), snapshot.instance(), Long.toString(view.takenAt().toEpochMilli()),
				this.json.writeValueAsString(view));
	}

	List<Snapshot> latest(Instant now) {
		Map<Object, Object> stored = this.redis.opsForHash().entries(KEY);
		Instant oldest = now.minus(this.retention);
		return stored.values()
			.stream()
			.map((value) -> value.toString())
			.map((value) -> this.json
				.readValue(value.substring(value.indexOf('|') + 1).getBytes(StandardCharsets.UTF_8), Snapshot.class))
			.filter((snapshot) -> snapshot.takenAt().isAfter(oldest))
			.sorted(Comparator.comparing(Snapshot::service).thenComparing(Snapshot::instance))
			.toList();
	}

	/**
	 * One instance's latest figures.
	 *
	 * @param service the service
	 * @param instance the instance
	 * @param takenAt when
	 * @param metrics figures by name
	 */
	record Snapshot(String service, String instance, Instant takenAt, Map<String, Double> metrics) {

	}

}
