package io.tributary.events.operations;

import java.util.Map;

import io.tributary.events.EventMetadata;
import io.tributary.events.Fields;
import io.tributary.events.TributaryEvent;

/**
 * One state change, for the audit trail. Written to {@code notifications.audit}, keyed by
 * correlation id.
 *
 * @param metadata event metadata
 * @param service the service that made the change
 * @param action what happened (message.accepted, ticket.opened, reply.delivered, ...)
 * @param messageId the message concerned, if any
 * @param ticketId the ticket concerned, if any
 * @param customerId the customer concerned, if any
 * @param details further facts, never message bodies or contact details
 */
public record AuditEntryRecorded(EventMetadata metadata, String service, String action, String messageId,
		String ticketId, String customerId, Map<String, String> details) implements TributaryEvent {

	public AuditEntryRecorded {
		Fields.required(metadata, "metadata");
		Fields.required(service, "service");
		Fields.required(action, "action");
		details = Fields.map(details);
	}

}
