package io.tributary.notification.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.kit.redis.ScriptPipeline;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Audit entries in Redis: for each indexed value (correlation id, ticket, customer) a
 * sorted set of entries scored by time. Entries are only ever added, never updated; the
 * oldest are trimmed past the retention. Adding the same entry twice (a redelivery)
 * changes nothing, because its canonical JSON is the set member.
 */
@Component
class AuditStore {

	/**
	 * Adds one entry to each of its index keys, trims what is past the retention and
	 * renews the keys' expiry. ARGV: score, member, trim-before, retention in ms. The
	 * reply is a table because pipelines want one.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ADD = RedisScript.of("""
			for _, key in ipairs(KEYS) do
			  redis.call('ZADD', key, ARGV[1], ARGV[2])
			  redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[3])
			  redis.call('PEXPIRE', key, ARGV[4])
			end
			return {#KEYS}
			""", List.class);

	private final StringRedisTemplate redis;

	private final ScriptPipeline pipeline;

	private final AuditProperties properties;

	private final JsonMapper json = JsonMapper.shared();

	AuditStore(StringRedisTemplate redis, ScriptPipeline pipeline, AuditProperties properties) {
		this.redis = redis;
		this.pipeline = pipeline;
		this.properties = properties;
	}

	/**
	 * Stores entries: one script call per entry, all of a batch in one pipeline on the
	 * shared connection (one round trip, and no per-command flush or connection).
	 * @param entries the entries
	 */
	void store(List<AuditEntry> entries) {
		long retentionMillis = this.properties.retention().toMillis();
		String trimBefore = Long.toString(Instant.now().toEpochMilli() - retentionMillis);
		List<ScriptPipeline.Call> calls = new ArrayList<>(entries.size());
		for (AuditEntry entry : entries) {
			List<String> keys = new ArrayList<>(3);
			indexed(entry).forEach((index, value) -> keys.add(index.key(value)));
			calls.add(new ScriptPipeline.Call(keys, List.of(Long.toString(entry.occurredAt().toEpochMilli()),
					this.json.writeValueAsString(entry), trimBefore, Long.toString(retentionMillis))));
		}
		this.pipeline.run(ADD, calls);
	}

	/**
	 * Entries for one indexed value, oldest first.
	 * @param index what to look up by
	 * @param value the id
	 * @param from earliest time, inclusive (null: any)
	 * @param to latest time, inclusive (null: any)
	 * @param limit the most entries to return
	 * @return the entries
	 */
	List<AuditEntry> find(AuditIndex index, String value, Instant from, Instant to, int limit) {
		double min = (from != null) ? from.toEpochMilli() : Double.NEGATIVE_INFINITY;
		double max = (to != null) ? to.toEpochMilli() : Double.POSITIVE_INFINITY;
		Set<String> members = this.redis.opsForZSet().rangeByScore(index.key(value), min, max, 0, limit);
		List<AuditEntry> entries = new ArrayList<>();
		if (members != null) {
			for (String member : members) {
				entries.add(this.json.readValue(member.getBytes(StandardCharsets.UTF_8), AuditEntry.class));
			}
		}
		return entries;
	}

	private static Map<AuditIndex, String> indexed(AuditEntry entry) {
		Map<AuditIndex, String> values = new EnumMap<>(AuditIndex.class);
		values.put(AuditIndex.CORRELATION, entry.correlationId());
		if (entry.ticketId() != null) {
			values.put(AuditIndex.TICKET, entry.ticketId());
		}
		if (entry.customerId() != null) {
			values.put(AuditIndex.CUSTOMER, entry.customerId());
		}
		return values;
	}

}
