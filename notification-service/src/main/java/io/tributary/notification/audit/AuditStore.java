package io.tributary.notification.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Audit entries in Redis: for each indexed value (correlation id, ticket, customer) a
 * sorted set of entries scored by time. Entries are only ever added, never updated; the
 * oldest are trimmed past the retention. Adding the same entry twice (a redelivery)
 * changes nothing, because its canonical JSON is the set member.
 */
@Component
class AuditStore {

	private final StringRedisTemplate redis;

	private final AuditProperties properties;

	private final JsonMapper json = JsonMapper.shared();

	AuditStore(StringRedisTemplate redis, AuditProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	/**
	 * Stores entries, pipelined: one round trip per batch.
	 * @param entries the entries
	 */
	void store(List<AuditEntry> entries) {
		long retentionMillis = this.properties.retention().toMillis();
		long trimBefore = Instant.now().toEpochMilli() - retentionMillis;
		this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			StringRedisConnection redis = new DefaultStringRedisConnection(connection);
			for (AuditEntry entry : entries) {
				String member = this.json.writeValueAsString(entry);
				double score = entry.occurredAt().toEpochMilli();
				indexed(entry).forEach((index, value) -> {
					String key = index.key(value);
					redis.zAdd(key, score, member);
					redis.zRemRangeByScore(key, Double.NEGATIVE_INFINITY, trimBefore);
					redis.pExpire(key, retentionMillis);
				});
			}
			return null;
		});
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
