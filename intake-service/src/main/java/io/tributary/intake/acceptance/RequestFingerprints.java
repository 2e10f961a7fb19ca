package io.tributary.intake.acceptance;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.intake.system.IdempotencyKeyReusedException;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.ProgressProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers what a client sent under each idempotency key ({@code message:{id}:request},
 * kept as long as the message's progress), so that a key reused for a different request
 * is refused (422, as the IETF's Idempotency-Key header draft asks) rather than accepted
 * and then skipped downstream as a repeat of the first: the client would have a 202 for a
 * message nobody sees.
 *
 * <p>
 * Fails open: while Redis does not answer, the request is accepted unchecked, as the rate
 * limit does. Kafka storing the message is the promise; this check only catches a
 * client's mistake.
 */
@Component
class RequestFingerprints {

	private static final Logger LOG = LoggerFactory.getLogger(RequestFingerprints.class);

	private final StringRedisTemplate redis;

	private final Duration retention;

	private final MeterRegistry meters;

	RequestFingerprints(StringRedisTemplate redis, ProgressProperties progress, MeterRegistry meters) {
		this.redis = redis;
		this.retention = progress.retention();
		this.meters = meters;
	}

	static String key(String messageId) {
		return MessageProgress.key(messageId) + ":request";
	}

	/**
	 * Records the request's fingerprint under its message id, or checks it against the
	 * one recorded by the first request with that id.
	 * @param messageId the message id the idempotency key gives
	 * @param fingerprint what the request says, reduced to a digest
	 * @throws IdempotencyKeyReusedException when the first request said something else
	 */
	void claim(String messageId, String fingerprint) {
		String first;
		try {
			Boolean claimed = this.redis.opsForValue().setIfAbsent(key(messageId), fingerprint, this.retention);
			if (Boolean.TRUE.equals(claimed)) {
				return;
			}
			first = this.redis.opsForValue().get(key(messageId));
		}
		catch (RuntimeException ex) {
			LOG.warn("Could not check the idempotency key of {}: {}", messageId,
					NestedExceptionUtils.getMostSpecificCause(ex).toString());
			this.meters.counter("tributary.intake.idempotency.unchecked").increment();
			return;
		}
		if (first != null && !first.equals(fingerprint)) {
			this.meters.counter("tributary.intake.idempotency.reused").increment();
			throw new IdempotencyKeyReusedException();
		}
	}

}
