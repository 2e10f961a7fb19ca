package io.tributary.kit.privacy;

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
				+ CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID) + ")";
	}

}
