package io.tributary.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.serde.EventSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Pre-fills {@code ingestion.normalized.messages} with distinct messages from a set of
 * customers, for the agent processor's drain benchmark. Customers are named
 * {@code <set>-<n>@example.com}: a fill with a set of its own brings customers the agent
 * has not seen, as the first fill did, so drains before and after a warm-up place the
 * same mix of new and joined tickets. Another TOPIC (made if missing) takes the same
 * messages for {@link StageOneFloor}, which then drains a topic of its own.
 *
 * <pre>
 * java -cp ... io.tributary.benchmarks.NormalizedMessageFiller BOOTSTRAP COUNT CUSTOMERS [SET=customer [TOPIC]]
 * </pre>
 */
public final class NormalizedMessageFiller {

	private NormalizedMessageFiller() {
	}

	public static void main(String[] args) throws Exception {
		String bootstrap = args[0];
		int count = Integer.parseInt(args[1]);
		int customers = Integer.parseInt(args[2]);
		String customerSet = (args.length > 3) ? args[3] : "customer";
		String topic = (args.length > 4) ? args[4] : Topic.NORMALIZED_MESSAGES.topicName();
		BenchTopics.ensure(bootstrap, List.of(topic));
		String run = Long.toString(System.currentTimeMillis(), 36);
		try (KafkaProducer<String, TributaryEvent> producer = new KafkaProducer<>(
				Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG,
						"all", ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262144),
				new StringSerializer(), new EventSerializer("/tributary/benchmark"))) {
			for (int i = 0; i < count; i++) {
				String id = "msg-bench-" + run + "-" + i;
				String contact = customerSet + "-" + (i % customers) + "@example.com";
				Instant now = Instant.now();
				producer.send(new ProducerRecord<>(topic, contact,
						new MessageNormalized(EventMetadata.first(id, now).next("norm-" + id, now), id,
								Channel.WEB_FORM, "web-form", null, contact, "Customer " + (i % customers), contact,
								null, "Where is my order?", "Hello, message " + i + ": my parcel has not arrived.",
								EmailThreading.none(), List.of(), "sha256:" + id, now)));
			}
			producer.flush();
		}
		System.out.println(count);
	}

}
