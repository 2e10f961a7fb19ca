package io.tributary.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.tributary.events.catalogue.EventType;
import io.tributary.events.serde.EventJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSON Schemas and the records agree in both directions: what the records write, the
 * schemas accept; what the schemas reject, the records refuse to read, with a message
 * naming the problem.
 */
class EventSchemaTests {

	private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			(builder) -> builder
				.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

	private static final Map<EventType, Schema> SCHEMAS = new EnumMap<>(EventType.class);

	@ParameterizedTest
	@EnumSource(EventType.class)
	void everyEventSerializesToADocumentItsSchemaAccepts(EventType type) {
		TributaryEvent event = SampleEvents.of(type);
		assertThat(EventType.of(event)).isEqualTo(type);

		String json = new String(EventJson.write(event), StandardCharsets.UTF_8);

		assertThat(errors(type, json)).isEmpty();
		assertThat(EventJson.read(type, json.getBytes(StandardCharsets.UTF_8))).isEqualTo(event);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("documentsTheSchemasReject")
	void documentsTheSchemaRejectsAreRejectedByDeserialization(EventType type, String problem, String json,
			String expectedMessage) {
		assertThat(errors(type, json)).as("schema errors").isNotEmpty();

		assertThatThrownBy(() -> EventJson.read(type, json.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(InvalidEventException.class)
			.hasMessageStartingWith(type.typeName())
			.hasMessageContaining(expectedMessage);
	}

	static Stream<Arguments> documentsTheSchemasReject() {
		String meta = "{\"eventId\":\"e1\",\"correlationId\":\"c1\",\"causationId\":\"c1\",\"occurredAt\":\"2026-11-22T10:00:00Z\"}";
		String validation = "{\"metadata\":" + meta + ",\"messageId\":\"m1\",\"outcome\":\"ACCEPTED\"}";
		String status = "{\"metadata\":" + meta
				+ ",\"ticketId\":\"t1\",\"customerId\":\"c1\",\"status\":\"OPEN\",\"reason\":\"new\"}";
		String alert = "{\"metadata\":" + meta
				+ ",\"source\":\"s\",\"alertKey\":\"k\",\"severity\":\"INFO\",\"summary\":\"x\"}";
		String reply = "{\"metadata\":" + meta + ",\"replyId\":\"r1\",\"ticketId\":\"t1\",\"customerId\":\"c1\","
				+ "\"messageId\":\"m1\",\"channel\":\"EMAIL\",\"recipient\":\"a@b.c\",\"body\":\"hi\",\"kind\":\"ANSWER\"";
		String received = "{\"metadata\":" + meta + ",\"messageId\":\"m1\",\"channel\":\"WEB_FORM\",\"provider\":"
				+ "\"web-form\",\"contactKey\":\"a@b.c\",\"body\":\"hi\",\"bodyFormat\":\"TEXT\",\"receivedAt\":"
				+ "\"2026-11-22T10:00:00Z\"";
		return Stream.of(Arguments.of(EventType.MESSAGE_VALIDATED, "not an object", "[1,2]", "Cannot deserialize"),
				Arguments.of(EventType.MESSAGE_VALIDATED, "missing metadata",
						validation.replace("\"metadata\":" + meta + ",", ""), "metadata is required"),
				Arguments.of(EventType.MESSAGE_VALIDATED, "blank id", validation.replace("\"m1\"", "\"  \""),
						"messageId is required and must not be blank"),
				Arguments.of(EventType.MESSAGE_VALIDATED, "number for a string", validation.replace("\"m1\"", "42"),
						"messageId"),
				Arguments.of(EventType.MESSAGE_VALIDATED, "unknown enum value", validation.replace("ACCEPTED", "MAYBE"),
						"MAYBE"),
				Arguments.of(EventType.MESSAGE_VALIDATED, "number for an enum", validation.replace("\"ACCEPTED\"", "0"),
						"outcome"),
				Arguments.of(EventType.MESSAGE_VALIDATED, "rejection without a reason",
						validation.replace("ACCEPTED", "REJECTED"), "reasons must say why"),
				Arguments.of(EventType.MESSAGE_VALIDATED, "malformed time",
						validation.replace("2026-11-22T10:00:00Z", "yesterday"), "occurredAt"),
				Arguments.of(EventType.MESSAGE_VALIDATED, "blank correlation id",
						validation.replace("\"correlationId\":\"c1\"", "\"correlationId\":\"\""),
						"metadata.correlationId is required"),
				Arguments.of(EventType.TICKET_STATUS_CHANGED, "missing status",
						status.replace(",\"status\":\"OPEN\"", ""), "status is required"),
				Arguments.of(EventType.TICKET_STATUS_CHANGED, "string for an object",
						status.replace("\"metadata\":" + meta, "\"metadata\":\"e1\""), "metadata"),
				Arguments.of(EventType.ALERT_RAISED, "number in a string map",
						alert.replace("}", ",\"attributes\":{\"ticketId\":7}}")
							.replaceFirst("\\{\"eventId", "{\"eventId"),
						"attributes"),
				Arguments.of(EventType.REPLY_PREPARED, "confidence above one", reply + ",\"confidence\":1.5}",
						"confidence must be between"),
				Arguments.of(EventType.REPLY_PREPARED, "string for a number", reply + ",\"confidence\":\"high\"}",
						"confidence"),
				Arguments.of(EventType.MESSAGE_RECEIVED, "sender without email or phone",
						received + ",\"sender\":{\"name\":\"Ana\"}}", "sender needs an email or a phone"),
				Arguments.of(EventType.MESSAGE_RECEIVED, "negative attachment size",
						received + ",\"sender\":{\"email\":\"a@b.c\"},\"attachments\":[{\"contentType\":\"text/plain\","
								+ "\"sizeBytes\":-1}]}",
						"attachment.sizeBytes must be at least 0"),
				Arguments.of(EventType.MESSAGE_RECEIVED, "fraction for an integer",
						received + ",\"sender\":{\"email\":\"a@b.c\"},\"attachments\":[{\"contentType\":\"text/plain\","
								+ "\"sizeBytes\":1.5}]}",
						"sizeBytes"),
				Arguments.of(EventType.MESSAGE_RECEIVED, "missing body",
						received.replace(",\"body\":\"hi\"", "") + ",\"sender\":{\"email\":\"a@b.c\"}}",
						"body is required"));
	}

	private static List<Error> errors(EventType type, String json) {
		return SCHEMAS.computeIfAbsent(type, EventSchemaTests::load).validate(json, InputFormat.JSON);
	}

	private static Schema load(EventType type) {
		try (InputStream in = EventSchemaTests.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
			assertThat(in).as("schema resource " + type.schemaResource()).isNotNull();
			return REGISTRY.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
