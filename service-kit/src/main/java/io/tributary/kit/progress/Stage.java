package io.tributary.kit.progress;

import java.util.Locale;

/**
 * Where a message is in the pipeline, in the order it gets there. {@link #REJECTED} ends
 * the journey early, at whatever stage the message had reached.
 */
public enum Stage {

	RECEIVED, NORMALIZED, TICKETED, REPLIED, DELIVERED, REJECTED;

	/** The hash field holding when the message reached this stage. */
	String timestampField() {
		return name().toLowerCase(Locale.ROOT) + "At";
	}

}
