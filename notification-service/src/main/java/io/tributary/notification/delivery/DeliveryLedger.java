package io.tributary.notification.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
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
 *
 * <p>
 * A reply sent while Redis is unavailable (it went down between the claim and the
 * outcome) cannot have its outcome written. Its batch rolls back and is retried, and this
 * instance would find its own live claim and send again. So the instance keeps, in
 * memory, each reply it sent whose outcome Redis has not taken yet, and answers the
 * retry's claim from there: the outcome is written, nothing is sent. It also writes those
 * outcomes by itself every second until Redis takes them, because the retry may never
 * come to this instance: should the partition move to another instance meanwhile, that
 * one finds this instance's live claim, waits, and then finds the outcome. Only a process
 * that dies in that state leaves the outcome unknown, as above.
 */
@Component
public class DeliveryLedger implements DisposableBean {

	private static final Logger LOG = LoggerFactory.getLogger(DeliveryLedger.class);

	private static final Duration RECORD_UNRECORDED_EVERY = Duration.ofSeconds(1);

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

	/** Provider ids of replies this instance sent whose outcome is not in Redis yet. */
	private final Map<String, String> sentNotRecorded = new ConcurrentHashMap<>();

	private final ScheduledExecutorService recorder;

	public DeliveryLedger(StringRedisTemplate redis, DeliveryProperties properties, MeterRegistry meters) {
		this.redis = redis;
		this.properties = properties;
		meters.gaugeMapSize("tributary.notification.deliveries.unrecorded", Tags.empty(), this.sentNotRecorded);
		this.recorder = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "delivery-outcome-recorder");
			thread.setDaemon(true);
			return thread;
		});
		long millis = RECORD_UNRECORDED_EVERY.toMillis();
		this.recorder.scheduleWithFixedDelay(this::recordUnrecorded, millis, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Claims a reply for sending.
	 * @param replyId the reply
	 * @return {@code CLAIMED} (send it), {@code BUSY} (another instance is sending),
	 * {@code UNKNOWN} (an earlier attempt was interrupted), or the final state
	 * {@code delivered:...} / {@code failed:...}
	 */
	public String claim(String replyId) {
		String sent = this.sentNotRecorded.get(replyId);
		if (sent != null) {
			delivered(replyId, sent);
			return "delivered:" + sent;
		}
		return this.redis.execute(CLAIM, List.of(stateKey(replyId), attemptedKey(replyId)), this.instance,
				Long.toString(this.properties.sendingLease().toMillis()), Long.toString(KEPT.toMillis()));
	}

	/**
	 * Records that a reply was sent. Should Redis not take it, the reply is remembered as
	 * sent until it does, so a retry of its batch does not send it again.
	 * @param replyId the reply
	 * @param providerId the provider's id of what was sent
	 */
	public void delivered(String replyId, String providerId) {
		try {
			this.redis.opsForValue().set(stateKey(replyId), "delivered:" + providerId, KEPT);
		}
		catch (RuntimeException ex) {
			this.sentNotRecorded.put(replyId, providerId);
			throw ex;
		}
		this.sentNotRecorded.remove(replyId);
	}

	/**
	 * Writes the outcomes of replies sent while Redis was unavailable, as far as Redis
	 * takes them now; the rest wait for the next round.
	 */
	void recordUnrecorded() {
		for (Map.Entry<String, String> sent : this.sentNotRecorded.entrySet()) {
			try {
				delivered(sent.getKey(), sent.getValue());
			}
			catch (RuntimeException ex) {
				// Redis still unavailable: try again next round.
				return;
			}
		}
	}

	@Override
	public void destroy() {
		this.recorder.shutdownNow();
		recordUnrecorded();
		if (!this.sentNotRecorded.isEmpty()) {
			LOG.warn(
					"Stopping with {} sent replies whose outcome Redis has not taken; they will be reported as unknown",
					this.sentNotRecorded.size());
		}
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
