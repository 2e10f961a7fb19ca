package io.tributary.events;

import java.util.List;
import java.util.Map;

/**
 * Construction-time checks shared by the event records, so an invalid event can neither
 * be built by a producer nor read by a consumer. The messages name the field, because
 * they end up in dead-letter headers and validation results that people read.
 */
public final class Fields {

	private Fields() {
	}

	public static String required(String value, String field) {
		if (value == null || value.isBlank()) {
			throw new InvalidEventException(field + " is required and must not be blank");
		}
		return value;
	}

	public static <T> T required(T value, String field) {
		if (value == null) {
			throw new InvalidEventException(field + " is required");
		}
		return value;
	}

	/**
	 * A text that must be present but may be empty, such as a message with only an
	 * attachment.
	 */
	public static String present(String value, String field) {
		if (value == null) {
			throw new InvalidEventException(field + " is required");
		}
		return value;
	}

	public static <T> List<T> list(List<T> value) {
		return (value != null) ? List.copyOf(value) : List.of();
	}

	public static <T> List<T> nonEmpty(List<T> value, String field) {
		if (value == null || value.isEmpty()) {
			throw new InvalidEventException(field + " must contain at least one entry");
		}
		return List.copyOf(value);
	}

	public static <V> Map<String, V> map(Map<String, V> value) {
		return (value != null) ? Map.copyOf(value) : Map.of();
	}

	public static double between(double value, double min, double max, String field) {
		if (Double.isNaN(value) || value < min || value > max) {
			throw new InvalidEventException(field + " must be between " + min + " and " + max + " but was " + value);
		}
		return value;
	}

	public static long atLeast(long value, long min, String field) {
		if (value < min) {
			throw new InvalidEventException(field + " must be at least " + min + " but was " + value);
		}
		return value;
	}

}
