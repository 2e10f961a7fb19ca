package io.tributary.notification.delivery;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * What has happened to each reply's delivery, in Redis, so a reply is sent at most once
 * per reply id whatever happens to the record carrying it (redelivery, rebalance,
 * replay).
 *
 * <p>
 * Before sending, an instance claims {@code delivery:{replyId}:state}
 * ({@code sending:<instance>}, with a lease) and sets
 * {@code delivery:{replyId}:attempted}, which outlives the lease. After sending, the
 * state becomes {@code delivered:<provider id>} or {@code failed:<reason>}. A transient
 * failure releases the claim (nothing was sent). If an instance dies while sending, its
 * lease runs out but the attempted marker stays: the outcome is unknown, so the reply is
 * not sent again but reported for a person.
 */
@Component
public class DeliveryLedger {

	private static final RedisScript<String> CLAIM = RedisScript.of("""
			local state = redis.call('GET', KEYS[1])
			if state then
			  if state == 'sending:' .. ARGV[1] then return 'CLAIMED' end
			  if string.sub(state, 1, 8) == 'sending:' then return 'BUSY' end
			  return state
			end
			if redis.call('EXISTS', KEYS[2]) == 1 then return 'UNKNOWN' end
			redis.call('SET', KEYS[1], 'sending:' .. ARGV[1], 'PX', ARGV[2])
			redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
			return 'CLAIMED'
			""", String.class);

	private static final Duration KEPT = Duration.ofDays(30);

	private final StringRedisTemplate redis;

	private final DeliveryProperties properties;

	private final String instance = UUID.randomUUID().toString();

	public DeliveryLedger(StringRedisTemplate redis, DeliveryProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	/**
	 * Claims a reply for sending.
	 * @param replyId the reply
	 * @return {@code CLAIMED} (send it), {@code BUSY} (another instance is sending),
	 * {@code UNKNOWN} (an earlier attempt was interrupted), or the final state
	 * {@code delivered:...} / {@code failed:...}
	 */
	public String claim(String replyId) {
		return this.redis.execute(CLAIM, List.of(stateKey(replyId), attemptedKey(replyId)), this.instance,
				Long.toString(this.properties.sendingLease().toMillis()), Long.toString(KEPT.toMillis()));
	}

	public void delivered(String replyId, String providerId) {
		this.redis.opsForValue().set(stateKey(replyId), "delivered:" + providerId, KEPT);
	}

	public void failed(String replyId, String reason) {
		this.redis.opsForValue().set(stateKey(replyId), "failed:" + reason, KEPT);
	}

	/**
	 * Nothing was sent (a transient failure before the provider took it): the reply may
	 * be claimed again.
	 */
	public void release(String replyId) {
		this.redis.delete(List.of(stateKey(replyId), attemptedKey(replyId)));
	}

	static String stateKey(String replyId) {
		return "delivery:{" + replyId + "}:state";
	}

	static String attemptedKey(String replyId) {
		return "delivery:{" + replyId + "}:attempted";
	}

}
