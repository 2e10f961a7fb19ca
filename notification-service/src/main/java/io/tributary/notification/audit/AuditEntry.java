package io.tributary.notification.audit;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.events.operations.AuditEntryRecorded;

/**
 * One audit entry as stored and served. Its JSON form is canonical (fixed field order,
 * details sorted), so storing a redelivered entry again finds the same member and adds
 * nothing.
 *
 * @param eventId the audit event's id
 * @param occurredAt when the change happened
 * @param service the service that made it
 * @param action what happened
 * @param correlationId the chain it belongs to
 * @param causationId what caused it
 * @param messageId the message concerned, if any
 * @param ticketId the ticket concerned, if any
 * @param customerId the customer concerned, if any
 * @param details further facts
 */
public record AuditEntry(String eventId, Instant occurredAt, String service, String action, String correlationId,
		String causationId, String messageId, String ticketId, String customerId, Map<String, String> details) {

	static AuditEntry of(AuditEntryRecorded recorded) {
		return new AuditEntry(recorded.metadata().eventId(), recorded.metadata().occurredAt(), recorded.service(),
				recorded.action(), recorded.metadata().correlationId(), recorded.metadata().causationId(),
				recorded.messageId(), recorded.ticketId(), recorded.customerId(), new TreeMap<>(recorded.details()));
	}

}
