package io.tributary.notification.alert;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.events.operations.AlertRaised;
import io.tributary.kit.stage.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * Reads {@code notifications.alerts} and hands each alert the throttle lets through to
 * every sink. Sinks are independent: one that fails (or times out) is logged and counted,
 * and the others still get the alert. The throttle fails open: when Redis is down (often
 * the very outage being alerted on), alerts go out unthrottled rather than not at all.
 */
class AlertListener {

	private static final Logger LOG = LoggerFactory.getLogger(AlertListener.class);

	private final List<AlertSink> sinks;

	private final AlertThrottle throttle;

	private final DeadLetters deadLetters;

	private final MeterRegistry meters;

	AlertListener(List<AlertSink> sinks, AlertThrottle throttle, DeadLetters deadLetters, MeterRegistry meters) {
		this.sinks = sinks;
		this.throttle = throttle;
		this.deadLetters = deadLetters;
		this.meters = meters;
	}

	@KafkaListener(id = "notification-alerts", topics = "notifications.alerts",
			containerFactory = "operationsContainerFactory")
	void alerts(List<ConsumerRecord<String, Object>> records) throws Exception {
		this.deadLetters.forEachEvent(records, AlertRaised.class, (record, alert) -> dispatch(alert));
	}

	private void dispatch(AlertRaised alert) {
		long heldBack = admit(alert);
		if (heldBack < 0) {
			this.meters.counter("tributary.notification.alerts", "outcome", "held-back").increment();
			return;
		}
		this.meters.counter("tributary.notification.alerts", "outcome", "dispatched").increment();
		for (AlertSink sink : this.sinks) {
			try {
				sink.send(alert, heldBack);
				this.meters.counter("tributary.notification.alert.sends", "sink", sink.name(), "outcome", "sent")
					.increment();
			}
			catch (Exception ex) {
				this.meters.counter("tributary.notification.alert.sends", "sink", sink.name(), "outcome", "failed")
					.increment();
				LOG.error("Alert sink '{}' failed for alert {} ({}): {}", sink.name(), alert.metadata().eventId(),
						alert.alertKey(), ex.getMessage());
			}
		}
	}

	private long admit(AlertRaised alert) {
		try {
			return this.throttle.admit(alert.alertKey());
		}
		catch (RuntimeException ex) {
			LOG.warn("Alert throttle unavailable, sending {} unthrottled: {}", alert.alertKey(), ex.getMessage());
			return 0;
		}
	}

}
