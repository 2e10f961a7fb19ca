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
 * Audit entries in Redis: each entry's canonical JSON once, under its event id
 * ({@code audit:entry:{eventId}}), and for each indexed value (correlation id, ticket,
 * customer) a sorted set of event ids scored by time. Entries are only ever added, never
 * updated; the oldest are trimmed past the retention. Adding the same entry twice (a
 * redelivery) changes nothing: same key, same JSON, same set members.
 *
 * <p>
 * Until 2026-12 the sets held the JSON itself, so every entry was stored up to three
 * times; the audit trail was 70% of Redis's memory per message (docs/BENCHMARKS.md). Sets
 * written then still hold JSON members, and {@link #find} reads them as they are until
 * they expire.
 */
@Component
class AuditStore {

	/**
	 * Stores one entry and adds its id to each of its index keys, trims what is past the
	 * retention and renews the keys' expiry. KEYS: the entry, then its indexes. ARGV:
	 * score, entry JSON, trim-before, retention in ms, event id. The reply is a table
	 * because pipelines want one.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ADD = RedisScript.of("""
			redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
			for i = 2, #KEYS do
			  redis.call('ZADD', KEYS[i], ARGV[1], ARGV[5])
			  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[3])
			  redis.call('PEXPIRE', KEYS[i], ARGV[4])
			end
			return {#KEYS - 1}
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
	 * @return for each entry, null when it was stored, or the error with which Redis
	 * refused it because of its keys (see {@link ScriptPipeline#runEach})
	 * @throws org.springframework.dao.DataAccessException when Redis cannot take them now
	 */
	List<String> store(List<AuditEntry> entries) {
		long retentionMillis = this.properties.retention().toMillis();
		String trimBefore = Long.toString(Instant.now().toEpochMilli() - retentionMillis);
		List<ScriptPipeline.Call> calls = new ArrayList<>(entries.size());
		for (AuditEntry entry : entries) {
			List<String> keys = new ArrayList<>(4);
			keys.add(entryKey(entry.eventId()));
			indexed(entry).forEach((index, value) -> keys.add(index.key(value)));
			calls.add(new ScriptPipeline.Call(keys, List.of(Long.toString(entry.occurredAt().toEpochMilli()),
					this.json.writeValueAsString(entry), trimBefore, Long.toString(retentionMillis), entry.eventId())));
		}
		return this.pipeline.runEach(ADD, calls).stream().map(ScriptPipeline.Reply::error).toList();
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
		if (members == null || members.isEmpty()) {
			return List.of();
		}
		List<String> ordered = new ArrayList<>(members);
		List<String> stored = this.redis.opsForValue()
			.multiGet(ordered.stream().map((member) -> isJson(member) ? "" : entryKey(member)).toList());
		List<AuditEntry> entries = new ArrayList<>(ordered.size());
		for (int i = 0; i < ordered.size(); i++) {
			String json = isJson(ordered.get(i)) ? ordered.get(i) : (stored != null) ? stored.get(i) : null;
			// An id whose entry expired before the set was next trimmed has nothing to
			// show.
			if (json != null) {
				entries.add(this.json.readValue(json.getBytes(StandardCharsets.UTF_8), AuditEntry.class));
			}
		}
		return entries;
	}

	static String entryKey(String eventId) {
		return "audit:entry:{" + eventId + "}";
	}

	/** A member written before entries were stored once: the entry itself. */
	private static boolean isJson(String member) {
		return member.startsWith("{");
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
