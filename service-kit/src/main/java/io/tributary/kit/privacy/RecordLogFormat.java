package io.tributary.kit.privacy;

import io.tributary.events.TributaryEvent;
import io.tributary.events.serde.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How records appear in logs: topic, partition, offset and CloudEvents id. Keys are
 * contact addresses and values are message bodies, both personal data, so neither is ever
 * printed.
 */
public final class RecordLogFormat {

	private RecordLogFormat() {
	}

	public static String of(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset() + " (event "
				+ CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID) + ")";
	}

	public static String of(ProducerRecord<?, ?> record) {
		return record.topic() + ((record.partition() != null) ? "-" + record.partition() : "") + " (event "
				+ eventId(record) + ")";
	}

	/**
	 * The serializer writes the CloudEvents headers, so a send that failed before it ran
	 * (no metadata within {@code max.block.ms}) has none; the event itself still knows.
	 */
	private static String eventId(ProducerRecord<?, ?> record) {
		String header = CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID);
		if (header == null && record.value() instanceof TributaryEvent event) {
			return event.metadata().eventId();
		}
		return header;
	}

}
