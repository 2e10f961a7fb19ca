package io.tributary.kit.privacy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.tributary.events.EventMetadata;
import io.tributary.events.TributaryEvent;
import io.tributary.events.serde.CloudEventHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records in logs are named by topic and event id, never by key or value (personal data).
 */
class RecordLogFormatTests {

	private static final TributaryEvent EVENT = () -> EventMetadata.first("msg-1", Instant.EPOCH);

	@Test
	void aSentRecordIsNamedByItsCloudEventsId() {
		ProducerRecord<String, TributaryEvent> record = new ProducerRecord<>("ingestion.raw.messages", 2,
				"ana@example.com", EVENT);
		record.headers().add(CloudEventHeaders.ID, "from-header".getBytes(StandardCharsets.UTF_8));

		assertThat(RecordLogFormat.of(record)).isEqualTo("ingestion.raw.messages-2 (event from-header)");
	}

	@Test
	void aRecordThatFailedBeforeSerializationIsNamedByItsEvent() {
		ProducerRecord<String, TributaryEvent> record = new ProducerRecord<>("ingestion.raw.messages",
				"ana@example.com", EVENT);

		assertThat(RecordLogFormat.of(record)).isEqualTo("ingestion.raw.messages (event msg-1)")
			.doesNotContain("ana@example.com");
	}

}
