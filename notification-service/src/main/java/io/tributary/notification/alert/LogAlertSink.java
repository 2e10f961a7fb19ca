package io.tributary.notification.alert;

import io.tributary.events.operations.AlertRaised;
import io.tributary.events.operations.AlertSeverity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes alerts to the log (logger {@code tributary.alerts}), at WARN, or ERROR when
 * critical. Alerts carry ids, never personal data, so they can be logged in full.
 */
class LogAlertSink implements AlertSink {

	private static final Logger LOG = LoggerFactory.getLogger("tributary.alerts");

	@Override
	public String name() {
		return "log";
	}

	@Override
	public void send(AlertRaised alert, long heldBack) {
		String text = "[{}] {} (source {}, key {}): {} {}{}";
		Object[] facts = { alert.severity(), alert.summary(), alert.source(), alert.alertKey(),
				(alert.detail() != null) ? alert.detail() : "-", alert.attributes(),
				(heldBack > 0) ? " (" + heldBack + " similar held back)" : "" };
		if (alert.severity() == AlertSeverity.CRITICAL) {
			LOG.error(text, facts);
		}
		else {
			LOG.warn(text, facts);
		}
	}

}
