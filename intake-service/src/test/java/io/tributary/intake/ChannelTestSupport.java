package io.tributary.intake;

import java.time.Duration;
import java.util.List;

import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.message.MessageValidated;
import io.tributary.events.serde.EventDeserializer;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** Finds what a channel test expects on the ingestion topics of the shared broker. */
public final class ChannelTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private ChannelTestSupport() {
	}

	public static MessageReceived raw(SharedInfrastructure infrastructure, String messageId) {
		return (MessageReceived) one(infrastructure, Topic.RAW_MESSAGES, messageId).value();
	}

	public static MessageNormalized normalized(SharedInfrastructure infrastructure, String messageId) {
		return (MessageNormalized) one(infrastructure, Topic.NORMALIZED_MESSAGES, messageId).value();
	}

	public static List<ConsumerRecord<String, TributaryEvent>> all(SharedInfrastructure infrastructure, Topic topic,
			String messageId) {
		return TopicReader.read(infrastructure.kafka().bootstrapServers(), topic.topicName(), new EventDeserializer(),
				(record) -> messageId.equals(messageIdOf(record.value())), Integer.MAX_VALUE, Duration.ofSeconds(3));
	}

	/**
	 * The one record of a message on a topic (raw, normalized or validation result).
	 * @param infrastructure the shared broker
	 * @param topic the topic
	 * @param messageId the message
	 * @return the record; the assertion fails unless exactly one arrived in time
	 */
	public static ConsumerRecord<String, TributaryEvent> one(SharedInfrastructure infrastructure, Topic topic,
			String messageId) {
		List<ConsumerRecord<String, TributaryEvent>> records = TopicReader.read(
				infrastructure.kafka().bootstrapServers(), topic.topicName(), new EventDeserializer(),
				(record) -> messageId.equals(messageIdOf(record.value())), 1, WAIT);
		assertThat(records).as(messageId + " on " + topic.topicName()).hasSize(1);
		return records.get(0);
	}

	private static String messageIdOf(TributaryEvent event) {
		if (event instanceof MessageReceived received) {
			return received.messageId();
		}
		if (event instanceof MessageValidated validated) {
			return validated.messageId();
		}
		return (event instanceof MessageNormalized normalized) ? normalized.messageId() : null;
	}

}
