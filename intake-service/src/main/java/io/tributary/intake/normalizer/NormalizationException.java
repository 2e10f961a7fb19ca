package io.tributary.intake.normalizer;

/**
 * A raw message that cannot be normalized. Permanent: it is rejected and dead-lettered,
 * not retried.
 */
public class NormalizationException extends RuntimeException {

	public NormalizationException(String reason) {
		super(reason);
	}

	public NormalizationException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
