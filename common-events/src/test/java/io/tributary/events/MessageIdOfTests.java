package io.tributary.events;

import java.nio.charset.StandardCharsets;

import io.tributary.events.catalogue.EventType;
import io.tributary.events.serde.EventJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dead letter's message id is read from whatever bytes it holds: an event of any type
 * that names one, and nothing (rather than a failure) from bytes that do not.
 */
class MessageIdOfTests {

	@Test
	void theEventsOfAMessageNameIt() {
		for (EventType type : new EventType[] { EventType.MESSAGE_RECEIVED, EventType.MESSAGE_NORMALIZED,
				EventType.TICKET_REQUESTED, EventType.REPLY_PREPARED }) {
			assertThat(EventJson.messageIdOf(EventJson.write(SampleEvents.of(type)))).as(type.typeName())
				.hasValue("msg-1");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "[1,2]", "{\"messageId\":42}", "{\"messageId\":\" \"}",
			"{\"messageId\":\"msg-1\"} trailing", "{\"other\":\"msg-1\"}" })
	void bytesThatNameNoMessageGiveNone(String value) {
		assertThat(EventJson.messageIdOf(value.getBytes(StandardCharsets.UTF_8))).isEmpty();
	}

	@Test
	void missingBytesGiveNone() {
		assertThat(EventJson.messageIdOf(null)).isEmpty();
	}

}
