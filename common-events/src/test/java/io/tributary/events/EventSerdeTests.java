package io.tributary.events;

import java.nio.charset.StandardCharsets;

import io.tributary.events.catalogue.EventType;
import io.tributary.events.message.MessageValidated;
import io.tributary.events.serde.CloudEventHeaders;
import io.tributary.events.serde.EventDeserializer;
import io.tributary.events.serde.EventSerializer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSerdeTests {

	private final EventSerializer serializer = new EventSerializer("/tributary/test");

	private final EventDeserializer deserializer = new EventDeserializer();

	@Test
	void writesCloudEventsBinaryModeHeaders() {
		TributaryEvent event = SampleEvents.of(EventType.TICKET_REQUESTED);
		RecordHeaders headers = new RecordHeaders();

		this.serializer.serialize("processing.tickets.in", headers, event);

		assertThat(CloudEventHeaders.text(headers, "ce_id")).isEqualTo("treq-msg-1");
		assertThat(CloudEventHeaders.text(headers, "ce_source")).isEqualTo("/tributary/test");
		assertThat(CloudEventHeaders.text(headers, "ce_type")).isEqualTo("io.tributary.ticket.requested.v1");
		assertThat(CloudEventHeaders.text(headers, "ce_specversion")).isEqualTo("1.0");
		assertThat(CloudEventHeaders.text(headers, "ce_time")).isEqualTo("2026-11-22T10:15:30.123Z");
		assertThat(CloudEventHeaders.text(headers, "ce_correlationid")).isEqualTo("msg-1");
		assertThat(CloudEventHeaders.text(headers, "ce_causationid")).isEqualTo("msg-1");
		assertThat(CloudEventHeaders.text(headers, "content-type")).isEqualTo("application/json");
	}

	@Test
	void valueIsPlainJsonWithoutJavaTypeInformation() {
		byte[] value = this.serializer.serialize("t", new RecordHeaders(), SampleEvents.of(EventType.ALERT_RAISED));

		String json = new String(value, StandardCharsets.UTF_8);
		assertThat(json).startsWith("{\"metadata\":{\"eventId\":\"alert-1\"")
			.doesNotContain("io.tributary.events")
			.doesNotContain("@class")
			.doesNotContain("null");
	}

	@Test
	void consumersIgnoreFieldsAddedByNewerProducers() {
		RecordHeaders headers = new RecordHeaders();
		TributaryEvent event = SampleEvents.of(EventType.MESSAGE_VALIDATED);
		String json = new String(this.serializer.serialize("t", headers, event), StandardCharsets.UTF_8);
		String newer = json.replaceFirst("\\{", "{\"addedInV1Point1\":{\"nested\":[1,2,3]},\"score\":0.5,")
			.replace("\"messageId\"", "\"newFlag\":true,\"messageId\"");

		TributaryEvent read = this.deserializer.deserialize("t", headers, newer.getBytes(StandardCharsets.UTF_8));

		assertThat(read).isEqualTo(event).isInstanceOf(MessageValidated.class);
	}

	@Test
	void recordWithoutTypeHeaderIsRejectedWithTheReason() {
		byte[] value = "{}".getBytes(StandardCharsets.UTF_8);

		assertThatThrownBy(() -> this.deserializer.deserialize("some.topic", new RecordHeaders(), value))
			.isInstanceOf(InvalidEventException.class)
			.hasMessage("Record on some.topic has no ce_type header");
	}

	@Test
	void recordOfUnknownTypeIsRejectedWithTheReason() {
		RecordHeaders headers = new RecordHeaders();
		headers.add("ce_type", "io.tributary.message.received.v9".getBytes(StandardCharsets.UTF_8));

		assertThatThrownBy(() -> this.deserializer.deserialize("some.topic", headers, "{}".getBytes()))
			.isInstanceOf(InvalidEventException.class)
			.hasMessage("Record on some.topic has unknown event type io.tributary.message.received.v9");
	}

	@Test
	void bytesThatAreNotJsonAreRejectedWithTheReason() {
		RecordHeaders headers = new RecordHeaders();
		headers.add("ce_type", "io.tributary.alert.raised.v1".getBytes(StandardCharsets.UTF_8));

		assertThatThrownBy(() -> this.deserializer.deserialize("t", headers, new byte[] { (byte) 0xC3, 0x28, '{' }))
			.isInstanceOf(InvalidEventException.class)
			.hasMessageStartingWith("io.tributary.alert.raised.v1: ");
	}

	@Test
	void followUpMetadataKeepsCorrelationAndNamesItsCause() {
		EventMetadata first = EventMetadata.first("msg-9", java.time.Instant.EPOCH);

		EventMetadata next = first.next("norm-msg-9", java.time.Instant.EPOCH)
			.next("treq-msg-9", java.time.Instant.EPOCH);

		assertThat(next.correlationId()).isEqualTo("msg-9");
		assertThat(next.causationId()).isEqualTo("norm-msg-9");
		assertThat(next.eventId()).isEqualTo("treq-msg-9");
	}

}
