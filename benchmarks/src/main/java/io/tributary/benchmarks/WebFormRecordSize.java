package io.tributary.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.message.BodyFormat;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.message.Sender;
import io.tributary.events.serde.EventJson;

/**
 * Prints the size in bytes of the raw record that the benchmark's web form body becomes,
 * so Kafka's producer tool can be run with the same record size.
 */
public final class WebFormRecordSize {

	private WebFormRecordSize() {
	}

	public static void main(String[] args) {
		String id = "msg-0f8fad5b-d9cb-469f-a165-70867728950e";
		Instant now = Instant.now();
		MessageReceived record = new MessageReceived(EventMetadata.first(id, now), id, Channel.WEB_FORM, "web-form",
				null, "customer-000123@example.com",
				new Sender("Benchmark Customer", "customer-000123@example.com", null), "Where is my order?",
				"Hello, I ordered a blue kettle two weeks ago and it has not arrived yet. Can you check? Thanks.",
				BodyFormat.TEXT, EmailThreading.none(), List.of(), now, Map.of("category", "orders"));
		System.out.println(EventJson.write(record).length);
	}

}
