package io.tributary.events.catalogue;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tributary.events.TributaryEvent;
import io.tributary.events.customer.CustomerIdentified;
import io.tributary.events.customer.CustomersMerged;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.message.MessageValidated;
import io.tributary.events.operations.AlertRaised;
import io.tributary.events.operations.AuditEntryRecorded;
import io.tributary.events.operations.MetricsSnapshotTaken;
import io.tributary.events.reply.ReplyDeliveryCompleted;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.events.ticket.TicketStatusChanged;

/**
 * Every event type, with the versioned type name it travels under ({@code ce_type}) and
 * its JSON Schema. A breaking change to an event is a new type with a new version, never
 * an edit here.
 */
public enum EventType {

	MESSAGE_RECEIVED("io.tributary.message.received.v1", MessageReceived.class),

	MESSAGE_NORMALIZED("io.tributary.message.normalized.v1", MessageNormalized.class),

	MESSAGE_VALIDATED("io.tributary.message.validated.v1", MessageValidated.class),

	CUSTOMER_IDENTIFIED("io.tributary.customer.identified.v1", CustomerIdentified.class),

	CUSTOMERS_MERGED("io.tributary.customers.merged.v1", CustomersMerged.class),

	TICKET_REQUESTED("io.tributary.ticket.requested.v1", TicketRequested.class),

	TICKET_STATUS_CHANGED("io.tributary.ticket.status-changed.v1", TicketStatusChanged.class),

	REPLY_PREPARED("io.tributary.reply.prepared.v1", ReplyPrepared.class),

	REPLY_DELIVERY_COMPLETED("io.tributary.reply.delivery-completed.v1", ReplyDeliveryCompleted.class),

	ALERT_RAISED("io.tributary.alert.raised.v1", AlertRaised.class),

	AUDIT_ENTRY_RECORDED("io.tributary.audit.entry-recorded.v1", AuditEntryRecorded.class),

	METRICS_SNAPSHOT_TAKEN("io.tributary.metrics.snapshot-taken.v1", MetricsSnapshotTaken.class);

	private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));

	private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));

	private final String typeName;

	private final Class<? extends TributaryEvent> javaType;

	EventType(String typeName, Class<? extends TributaryEvent> javaType) {
		this.typeName = typeName;
		this.javaType = javaType;
	}

	/** The versioned name, as in the {@code ce_type} header. */
	public String typeName() {
		return this.typeName;
	}

	public Class<? extends TributaryEvent> javaType() {
		return this.javaType;
	}

	/** The classpath location of this type's JSON Schema. */
	public String schemaResource() {
		return "schemas/" + this.typeName + ".schema.json";
	}

	public static Optional<EventType> byTypeName(String typeName) {
		return Optional.ofNullable(BY_NAME.get(typeName));
	}

	public static EventType of(TributaryEvent event) {
		EventType type = BY_CLASS.get(event.getClass());
		if (type == null) {
			throw new IllegalArgumentException("Not a catalogued event: " + event.getClass().getName());
		}
		return type;
	}

}
