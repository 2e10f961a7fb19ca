package io.tributary.events.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

import io.tributary.events.InvalidEventException;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.EventType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads and writes event values as plain JSON, with no Java type information inside, so
 * kcat, Python or Go clients read them as they are.
 *
 * <p>
 * Reading is strict about what the JSON Schemas forbid (wrong types, numbers for enums,
 * blank ids) and lenient about what they allow (unknown fields, which newer producers may
 * add).
 */
public final class EventJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.withCoercionConfig(LogicalType.Textual,
				(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	private EventJson() {
	}

	public static byte[] write(TributaryEvent event) {
		return MAPPER.writeValueAsBytes(event);
	}

	/**
	 * Reads an event of a known type.
	 * @param type the event type, as named by the {@code ce_type} header
	 * @param json the value bytes
	 * @return the event
	 * @throws InvalidEventException when the bytes are not a valid event of that type,
	 * saying why
	 */
	public static TributaryEvent read(EventType type, byte[] json) {
		return read(type.javaType(), type.typeName(), json);
	}

	public static <T extends TributaryEvent> T read(Class<T> javaType, byte[] json) {
		return read(javaType, javaType.getSimpleName(), json);
	}

	private static <T> T read(Class<T> javaType, String typeName, byte[] json) {
		if (json == null || json.length == 0) {
			throw new InvalidEventException(typeName + ": the value is empty");
		}
		try {
			return MAPPER.readValue(json, javaType);
		}
		catch (ValueInstantiationException ex) {
			// The record's own check failed: its message names the field.
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new InvalidEventException(typeName + ": " + cause.getMessage(), ex);
		}
		catch (JacksonException ex) {
			throw new InvalidEventException(typeName + ": " + ex.getOriginalMessage() + locationOf(ex), ex);
		}
	}

	/**
	 * The {@code messageId} an event's value names, read without knowing or checking its
	 * type: dead letters are replayed as they are, whatever made them fail.
	 * @param json the value bytes, possibly not JSON at all
	 * @return the message id, or empty when the bytes name none
	 */
	public static Optional<String> messageIdOf(byte[] json) {
		if (json == null || json.length == 0) {
			return Optional.empty();
		}
		try {
			JsonNode id = MAPPER.readTree(json).path("messageId");
			return (id.isString() && !id.asString().isBlank()) ? Optional.of(id.asString()) : Optional.empty();
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	private static String locationOf(JacksonException ex) {
		String path = ex.getPathReference();
		return (path != null && !path.isEmpty()) ? " (at " + path + ")" : "";
	}

}
