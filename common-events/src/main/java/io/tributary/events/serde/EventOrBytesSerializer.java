package io.tributary.events.serde;

import java.util.Map;

import io.tributary.events.TributaryEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * For producers that also write dead letters: events are serialized as by
 * {@link EventSerializer}; raw bytes (the original value of a record that could not be
 * deserialized) pass through untouched, so a dead letter keeps exactly the bytes that
 * failed.
 */
public class EventOrBytesSerializer implements Serializer<Object> {

	private final EventSerializer events = new EventSerializer();

	@Override
	public void configure(Map<String, ?> configs, boolean isKey) {
		this.events.configure(configs, isKey);
	}

	@Override
	public byte[] serialize(String topic, Object data) {
		return serialize(topic, null, data);
	}

	@Override
	public byte[] serialize(String topic, Headers headers, Object data) {
		if (data == null || data instanceof byte[]) {
			return (byte[]) data;
		}
		if (data instanceof TributaryEvent event) {
			return (headers != null) ? this.events.serialize(topic, headers, event)
					: this.events.serialize(topic, event);
		}
		throw new IllegalArgumentException("Cannot serialize " + data.getClass().getName() + " to " + topic);
	}

}
