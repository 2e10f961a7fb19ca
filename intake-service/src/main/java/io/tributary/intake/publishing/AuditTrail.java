package io.tributary.intake.publishing;

import java.util.Map;

import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.operations.AuditEntryRecorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Intake's audit entries on {@code notifications.audit}, keyed by correlation id. Sent
 * without waiting: the request's promise is the raw record, already stored; a failed
 * audit send is logged and counted by the producer metrics.
 */
@Component
public class AuditTrail {

	private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

	private final KafkaTemplate<String, TributaryEvent> kafka;

	public AuditTrail(KafkaTemplate<String, TributaryEvent> kafka) {
		this.kafka = kafka;
	}

	public void messageAccepted(MessageReceived message) {
		AuditEntryRecorded entry = new AuditEntryRecorded(
				message.metadata().next("audit-accepted-" + message.messageId(), message.receivedAt()),
				"intake-service", "message.accepted", message.messageId(), null, null,
				Map.of("channel", message.channel().name(), "provider", message.provider()));
		this.kafka.send(Topic.AUDIT.topicName(), entry.metadata().correlationId(), entry).whenComplete((result, ex) -> {
			if (ex != null) {
				LOG.warn("Audit entry for {} not stored: {}", message.messageId(), ex.toString());
			}
		});
	}

}
