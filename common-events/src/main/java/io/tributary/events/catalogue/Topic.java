package io.tributary.events.catalogue;

import java.time.Duration;
import java.util.List;

/**
 * Every topic of the architecture, with what its key means and which event types it
 * carries. Each topic has a single writer (see ARCHITECTURE.md) and a {@code -dlt}
 * companion for records its readers give up on.
 */
public enum Topic {

	RAW_MESSAGES("ingestion.raw.messages", "customer contact key", Retention.STANDARD, EventType.MESSAGE_RECEIVED),

	NORMALIZED_MESSAGES("ingestion.normalized.messages", "customer contact key", Retention.STANDARD,
			EventType.MESSAGE_NORMALIZED),

	VALIDATION_RESULTS("ingestion.validation.results", "message id", Retention.STANDARD, EventType.MESSAGE_VALIDATED),

	CUSTOMER_IDENTITIES("processing.customer.identities", "customer id", Retention.STANDARD,
			EventType.CUSTOMER_IDENTIFIED, EventType.CUSTOMERS_MERGED),

	TICKETS_IN("processing.tickets.in", "customer id", Retention.STANDARD, EventType.TICKET_REQUESTED),

	TICKETS_OUT("processing.tickets.out", "ticket id", Retention.STANDARD, EventType.TICKET_STATUS_CHANGED,
			EventType.REPLY_DELIVERY_COMPLETED),

	RESPONSES_OUT("processing.responses.out", "ticket id", Retention.STANDARD, EventType.REPLY_PREPARED),

	ALERTS("notifications.alerts", "alert source", Retention.STANDARD, EventType.ALERT_RAISED),

	AUDIT("notifications.audit", "correlation id", Retention.AUDIT, EventType.AUDIT_ENTRY_RECORDED),

	METRICS("notifications.metrics", "service instance", Retention.STANDARD, EventType.METRICS_SNAPSHOT_TAKEN);

	/** Spring Kafka's default dead-letter suffix. */
	public static final String DEAD_LETTER_SUFFIX = "-dlt";

	private final String topicName;

	private final String keyMeaning;

	private final Retention retention;

	private final List<EventType> eventTypes;

	Topic(String topicName, String keyMeaning, Retention retention, EventType... eventTypes) {
		this.topicName = topicName;
		this.keyMeaning = keyMeaning;
		this.retention = retention;
		this.eventTypes = List.of(eventTypes);
	}

	public String topicName() {
		return this.topicName;
	}

	public String deadLetterTopicName() {
		return this.topicName + DEAD_LETTER_SUFFIX;
	}

	public String keyMeaning() {
		return this.keyMeaning;
	}

	public Duration retention() {
		return this.retention.duration;
	}

	public List<EventType> eventTypes() {
		return this.eventTypes;
	}

	/** How long records are kept. */
	enum Retention {

		/** The design's default: seven days. */
		STANDARD(Duration.ofDays(7)),

		/** The audit trail outlives the pipeline's records. */
		AUDIT(Duration.ofDays(90)),

		/** Dead letters wait long enough for a person to fix and replay them. */
		DEAD_LETTER(Duration.ofDays(30));

		private final Duration duration;

		Retention(Duration duration) {
			this.duration = duration;
		}

		Duration duration() {
			return this.duration;
		}

	}

}
