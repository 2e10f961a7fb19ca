package io.tributary.notification.alert;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lets one alert per key through per window, shared by all replicas through Redis. The
 * alerts held back are counted, and the next one let through reports the count.
 *
 * <p>
 * Keys {@code alert:{key}:window} and {@code alert:{key}:held} share a hash tag.
 */
class AlertThrottle {

	/** -1: held back; otherwise let through, with how many were held back before it. */
	private static final RedisScript<Long> ADMIT = RedisScript.of("""
			if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
			  local held = tonumber(redis.call('GET', KEYS[2]) or '0')
			  redis.call('DEL', KEYS[2])
			  return held
			end
			redis.call('INCR', KEYS[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[2])
			return -1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final Duration window;

	AlertThrottle(StringRedisTemplate redis, Duration window) {
		this.redis = redis;
		this.window = window;
	}

	/**
	 * @param alertKey the alert's key
	 * @return -1 to hold it back, or the number held back before it
	 */
	long admit(String alertKey) {
		Long answer = this.redis.execute(ADMIT,
				List.of("alert:{" + alertKey + "}:window", "alert:{" + alertKey + "}:held"),
				Long.toString(this.window.toMillis()), Long.toString(this.window.multipliedBy(10).toMillis()));
		return (answer != null) ? answer : 0;
	}

}
