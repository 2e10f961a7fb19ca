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

	private final ProxyManager<byte[]> buckets;

	private final BucketConfiguration perAddress;

	private final BucketConfiguration perSender;

	WebFormRateLimiter(WebFormRateLimitProperties properties, LettuceConnectionFactory redis) {
		this.properties = properties;
		this.buckets = Bucket4jLettuce.casBasedBuilder((RedisClient) redis.getRequiredNativeClient())
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
			.build();
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
		ConsumptionProbe probe = this.buckets.builder()
			.build(key.getBytes(StandardCharsets.UTF_8), () -> configuration)
			.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw new TooManyRequestsException(Duration.ofNanos(probe.getNanosToWaitForRefill()).plusSeconds(1));
		}
	}

	private static BucketConfiguration limit(int capacity, Duration period) {
		return BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(capacity).refillGreedy(capacity, period))
			.build();
	}

}
