package io.tributary.events.reply;

/** Whether a reply reached its provider. */
public enum DeliveryOutcome {

	DELIVERED, FAILED

}
