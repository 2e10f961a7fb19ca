package io.tributary.events.operations;

import java.util.Map;

import io.tributary.events.EventMetadata;
import io.tributary.events.Fields;
import io.tributary.events.TributaryEvent;

/**
 * Something people should look at. Written to {@code notifications.alerts}, keyed by
 * source.
 *
 * @param metadata event metadata
 * @param source the service or component raising it
 * @param alertKey what the alert is about; repeats with the same key are throttled
 * @param severity how urgent it is
 * @param summary one line for people
 * @param detail more, if any
 * @param attributes ids that help (ticketId, customerId), never personal data
 */
public record AlertRaised(EventMetadata metadata, String source, String alertKey, AlertSeverity severity,
		String summary, String detail, Map<String, String> attributes) implements TributaryEvent {

	public AlertRaised {
		Fields.required(metadata, "metadata");
		Fields.required(source, "source");
		Fields.required(alertKey, "alertKey");
		Fields.required(severity, "severity");
		Fields.required(summary, "summary");
		attributes = Fields.map(attributes);
	}

}
