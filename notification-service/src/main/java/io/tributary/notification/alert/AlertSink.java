package io.tributary.notification.alert;

import io.tributary.events.operations.AlertRaised;

/**
 * Somewhere alerts go. A sink that fails throws; the others are still tried.
 */
interface AlertSink {

	String name();

	/**
	 * Sends an alert.
	 * @param alert the alert
	 * @param heldBack how many alerts with the same key the throttle held back since the
	 * last one sent
	 * @throws Exception when the sink did not take it
	 */
	void send(AlertRaised alert, long heldBack) throws Exception;

}
