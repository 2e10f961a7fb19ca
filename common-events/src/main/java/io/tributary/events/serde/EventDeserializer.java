package io.tributary.events.serde;

import io.tributary.events.InvalidEventException;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.EventType;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for every catalogued event. The {@code ce_type} header picks
 * the type; unknown fields are ignored, so older consumers keep reading what newer
 * producers write. A record that cannot be read throws {@link InvalidEventException} with
 * the reason, which Spring Kafka's {@code ErrorHandlingDeserializer} carries to the
 * dead-letter topic.
 */
public class EventDeserializer implements Deserializer<TributaryEvent> {

	@Override
	public TributaryEvent deserialize(String topic, byte[] data) {
		throw new InvalidEventException("Record on " + topic + " has no headers: the ce_type header is required");
	}

	@Override
	public TributaryEvent deserialize(String topic, Headers headers, byte[] data) {
		if (data == null) {
			return null;
		}
		String typeName = CloudEventHeaders.text(headers, CloudEventHeaders.TYPE);
		if (typeName == null) {
			throw new InvalidEventException("Record on " + topic + " has no ce_type header");
		}
		EventType type = EventType.byTypeName(typeName)
			.orElseThrow(() -> new InvalidEventException("Record on " + topic + " has unknown event type " + typeName));
		return EventJson.read(type, data);
	}

}
