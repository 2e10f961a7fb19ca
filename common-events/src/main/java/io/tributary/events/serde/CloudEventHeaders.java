package io.tributary.events.serde;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

import io.tributary.events.EventMetadata;
import io.tributary.events.catalogue.EventType;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvents Kafka protocol binding, binary content mode: event attributes travel as
 * {@code ce_}-prefixed headers and the value is the event data. Correlation and causation
 * ids are CloudEvents extension attributes.
 */
public final class CloudEventHeaders {

	public static final String ID = "ce_id";

	public static final String SOURCE = "ce_source";

	public static final String TYPE = "ce_type";

	public static final String SPEC_VERSION = "ce_specversion";

	public static final String TIME = "ce_time";

	public static final String CORRELATION_ID = "ce_correlationid";

	public static final String CAUSATION_ID = "ce_causationid";

	public static final String CONTENT_TYPE = "content-type";

	public static final String SPEC_VERSION_VALUE = "1.0";

	public static final String JSON = "application/json";

	private CloudEventHeaders() {
	}

	static void write(Headers headers, EventType type, EventMetadata metadata, String source) {
		put(headers, ID, metadata.eventId());
		put(headers, SOURCE, source);
		put(headers, TYPE, type.typeName());
		put(headers, SPEC_VERSION, SPEC_VERSION_VALUE);
		put(headers, TIME, DateTimeFormatter.ISO_INSTANT.format(metadata.occurredAt()));
		put(headers, CORRELATION_ID, metadata.correlationId());
		put(headers, CAUSATION_ID, metadata.causationId());
		put(headers, CONTENT_TYPE, JSON);
	}

	/**
	 * The last value of a header as text.
	 * @param headers the record's headers
	 * @param name the header name
	 * @return the value, or {@code null} when absent
	 */
	public static String text(Headers headers, String name) {
		if (headers == null) {
			return null;
		}
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static void put(Headers headers, String name, String value) {
		headers.remove(name);
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
