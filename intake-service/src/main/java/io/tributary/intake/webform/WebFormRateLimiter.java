package io.tributary.intake.webform;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.tributary.intake.system.TooManyRequestsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Token buckets per client address and per sender, kept in Redis by Bucket4j so every
 * replica shares them. Bucket4j is a maintained implementation of the token-bucket
 * algorithm with a compare-and-swap Redis backend; writing that correctly by hand
 * (atomicity, refill arithmetic, expiry) is not worth it.
 *
 * <p>
 * If Redis cannot be reached the limiter lets the message through: losing a customer's
 * message is worse than letting a few extra through during an outage.
 */
@Component
class WebFormRateLimiter {

	private static final Logger LOG = LoggerFactory.getLogger(WebFormRateLimiter.class);

	private final WebFormRateLimitProperties properties;

	private final LettuceConnectionFactory redis;

	private final BucketConfiguration perAddress;

	private final BucketConfiguration perSender;

	private volatile Buckets buckets;

	WebFormRateLimiter(WebFormRateLimitProperties properties, LettuceConnectionFactory redis) {
		this.properties = properties;
		this.redis = redis;
		this.perAddress = limit(properties.perAddress(), properties.period());
		this.perSender = limit(properties.perSender(), properties.period());
	}

	void check(String clientAddress, String senderEmail) {
		if (!this.properties.enabled()) {
			return;
		}
		try {
			consume("ratelimit:web-form:address:" + clientAddress, this.perAddress);
			consume("ratelimit:web-form:sender:" + senderEmail.strip().toLowerCase(Locale.ROOT), this.perSender);
		}
		catch (TooManyRequestsException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			LOG.warn("Rate limiter unavailable, letting the submission through: {}", ex.toString());
		}
	}

	private void consume(String key, BucketConfiguration configuration) {
		ConsumptionProbe probe = buckets().builder()
			.build(key.getBytes(StandardCharsets.UTF_8), () -> configuration)
			.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw new TooManyRequestsException(Duration.ofNanos(probe.getNanosToWaitForRefill()).plusSeconds(1));
		}
	}

	/**
	 * Bucket4j's view of Redis, on the connection factory's current client. The factory
	 * shuts its client down when it stops and makes a new one when it starts again (a
	 * context restart; Spring's test framework pauses cached contexts that way). A view
	 * kept on the old client failed every call with "Connection is closed", and the
	 * limiter let every submission through.
	 */
	private ProxyManager<byte[]> buckets() {
		RedisClient client = (RedisClient) this.redis.getRequiredNativeClient();
		Buckets current = this.buckets;
		if (current == null || current.client() != client) {
			synchronized (this) {
				current = this.buckets;
				if (current == null || current.client() != client) {
					current = new Buckets(client,
							Bucket4jLettuce.casBasedBuilder(client)
								.expirationAfterWrite(ExpirationAfterWriteStrategy
									.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
								.build());
					this.buckets = current;
				}
			}
		}
		return current.proxy();
	}

	private record Buckets(RedisClient client, ProxyManager<byte[]> proxy) {
	}

	private static BucketConfiguration limit(int capacity, Duration period) {
		return BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(capacity).refillGreedy(capacity, period))
			.build();
	}

}
