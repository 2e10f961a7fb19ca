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
 * Remembers what was first sent under each idempotency key or email Message-ID
 * ({@code message:{id}:request}, kept as long as the message's progress), so that the id
 * reused for a different request is not taken for a retry and then skipped downstream as
 * a repeat of the first: the sender would have a 202 for a message nobody sees. A
 * client's reused key is refused (422, as the IETF's Idempotency-Key header draft asks);
 * a mailer's reused Message-ID gives the email an id of its own
 * ({@link MessageAcceptor}).
 *
 * <p>
 * Fails open: while Redis does not answer, the request is accepted unchecked, as the rate
 * limit does. Kafka storing the message is the promise; this check only catches a
 * client's or a mailer's mistake.
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
		if (reusedForOther(messageId, fingerprint)) {
			this.meters.counter("tributary.intake.idempotency.reused").increment();
			throw new IdempotencyKeyReusedException();
		}
	}

	/**
	 * Records the request's fingerprint under its message id, or compares it with the one
	 * recorded by the first request with that id.
	 * @param messageId the message id the request's key gives
	 * @param fingerprint what the request says, reduced to a digest
	 * @return whether the first request with that id said something else; {@code false}
	 * when this is the first, a retry, or Redis could not be asked
	 */
	boolean reusedForOther(String messageId, String fingerprint) {
		String first;
		try {
			Boolean claimed = this.redis.opsForValue().setIfAbsent(key(messageId), fingerprint, this.retention);
			if (Boolean.TRUE.equals(claimed)) {
				return false;
			}
			first = this.redis.opsForValue().get(key(messageId));
		}
		catch (RuntimeException ex) {
			LOG.warn("Could not check the request key of {}: {}", messageId,
					NestedExceptionUtils.getMostSpecificCause(ex).toString());
			this.meters.counter("tributary.intake.idempotency.unchecked").increment();
			return false;
		}
		return first != null && !first.equals(fingerprint);
	}

}
