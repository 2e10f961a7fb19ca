package io.tributary.agent.dedup;

import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Dedup state in Redis. Keys of one message share the contact's hash tag, so they live on
 * one Redis Cluster node: {@code dedup:{contact}:id:<messageId>} is the done-mark,
 * written only after the message's Kafka transaction committed;
 * {@code dedup:{contact}:content:<hash>} holds the id that first sent a content within
 * the window.
 */
@Component
public class DedupStore {

	/**
	 * One round trip: a done-mark means a repeat; a content key held by another id means
	 * a resubmission; otherwise the content key is taken for this id (taking it again on
	 * a retried batch is harmless).
	 */
	private static final RedisScript<String> CHECK = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 1 then return 'DUPLICATE_ID' end
			local first = redis.call('GET', KEYS[2])
			if first and first ~= ARGV[1] then return 'DUPLICATE_CONTENT' end
			redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
			return 'NEW'
			""", String.class);

	private final StringRedisTemplate redis;

	private final DedupProperties properties;

	public DedupStore(StringRedisTemplate redis, DedupProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	public DedupVerdict check(String contactKey, String messageId, String contentHash) {
		String verdict = this.redis.execute(CHECK,
				List.of(idKey(contactKey, messageId), contentKey(contactKey, contentHash)), messageId,
				Long.toString(this.properties.contentWindow().toMillis()));
		return DedupVerdict.valueOf(verdict);
	}

	/**
	 * Marks a message processed; call only after its effects are durable (Kafka
	 * transaction committed).
	 */
	public void markDone(String contactKey, String messageId) {
		this.redis.opsForValue().set(idKey(contactKey, messageId), "done", this.properties.idRetention());
	}

	/** Who first sent this content within the window, if anyone. */
	public String firstWithContent(String contactKey, String contentHash) {
		return this.redis.opsForValue().get(contentKey(contactKey, contentHash));
	}

	static String idKey(String contactKey, String messageId) {
		return "dedup:{" + contactKey + "}:id:" + messageId;
	}

	static String contentKey(String contactKey, String contentHash) {
		return "dedup:{" + contactKey + "}:content:" + contentHash;
	}

}
