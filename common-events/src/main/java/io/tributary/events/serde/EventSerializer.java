package io.tributary.events.serde;

import java.util.Map;

import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.EventType;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer for every catalogued event: JSON value plus CloudEvents headers.
 * The {@code ce_source} comes from the producer property {@value #SOURCE_CONFIG}.
 */
public class EventSerializer implements Serializer<TributaryEvent> {

	/**
	 * Producer property naming this producer as the CloudEvents source, e.g.
	 * {@code /tributary/intake}.
	 */
	public static final String SOURCE_CONFIG = "tributary.events.source";

	private String source = "/tributary";

	public EventSerializer() {
	}

	public EventSerializer(String source) {
		this.source = source;
	}

	@Override
	public void configure(Map<String, ?> configs, boolean isKey) {
		Object configured = configs.get(SOURCE_CONFIG);
		if (configured != null) {
			this.source = configured.toString();
		}
	}

	@Override
	public byte[] serialize(String topic, TributaryEvent event) {
		return (event != null) ? EventJson.write(event) : null;
	}

	@Override
	public byte[] serialize(String topic, Headers headers, TributaryEvent event) {
		if (event == null) {
			return null;
		}
		CloudEventHeaders.write(headers, EventType.of(event), event.metadata(), this.source);
		return EventJson.write(event);
	}

}
