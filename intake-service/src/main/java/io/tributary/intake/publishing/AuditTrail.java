package io.tributary.intake.publishing;

import java.time.Instant;
import java.util.Map;

import io.tributary.events.EventMetadata;
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

	/**
	 * Records a provider's delivery status callback (sent, delivered, read, failed) for
	 * an outbound message: kept in the audit trail, never turned into a customer message.
	 * @param provider the provider
	 * @param providerMessageId the provider's id of the outbound message
	 * @param status the status it reported
	 * @param at when the callback arrived
	 */
	public void providerStatus(String provider, String providerMessageId, String status, Instant at) {
		String id = provider + ":" + providerMessageId;
		AuditEntryRecorded entry = new AuditEntryRecorded(
				EventMetadata.first(id, at).next("audit-status-" + id + "-" + status, at), "intake-service",
				"provider.status", null, null, null,
				Map.of("provider", provider, "providerMessageId", providerMessageId, "status", status));
		send(entry);
	}

	/**
	 * The audit entry of an accepted message. The normalizer writes it in the same
	 * transaction as the message's normalized record, exactly once per raw record, off
	 * the HTTP request's path.
	 * @param message the accepted raw message
	 * @return the entry, keyed by its correlation id
	 */
	public static AuditEntryRecorded messageAccepted(MessageReceived message) {
		return new AuditEntryRecorded(
				message.metadata().next("audit-accepted-" + message.messageId(), message.receivedAt()),
				"intake-service", "message.accepted", message.messageId(), null, null,
				Map.of("channel", message.channel().name(), "provider", message.provider()));
	}

	private void send(AuditEntryRecorded entry) {
		this.kafka.send(Topic.AUDIT.topicName(), entry.metadata().correlationId(), entry).whenComplete((result, ex) -> {
			if (ex != null) {
				LOG.warn("Audit entry {} not stored: {}", entry.metadata().eventId(), ex.toString());
			}
		});
	}

}
