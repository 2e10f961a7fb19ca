package io.tributary.events.message;

/** How a raw message body is written. */
public enum BodyFormat {

	TEXT, HTML

}
