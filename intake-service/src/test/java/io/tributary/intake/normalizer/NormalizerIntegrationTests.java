package io.tributary.intake.normalizer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.BodyFormat;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.message.MessageValidated;
import io.tributary.events.message.Sender;
import io.tributary.events.message.ValidationOutcome;
import io.tributary.events.serde.CloudEventHeaders;
import io.tributary.events.serde.EventOrBytesSerializer;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.intake.ChannelTestSupport;
import io.tributary.intake.IntakeHttp;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NormalizerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	private int port;

	@Autowired
	private MessageProgress progress;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Test
	void theNormalizerRunsByDefault() {
		assertThat(this.listeners.getListenerContainer("intake-normalizer").isRunning()).isTrue();
	}

	@Test
	void webFormMessageEndsNormalizedAndAccepted(SharedInfrastructure infrastructure) throws Exception {
		String email = "Norm." + UUID.randomUUID() + "@Example.com";
		String messageId = IntakeHttp
			.json(new IntakeHttp(this.port).postJson("/api/v1/channels/web-form/messages",
					"{\"name\":\"Ana\",\"email\":\"" + email
							+ "\",\"phone\":\"+1 415 555 2671\",\"subject\":\"Refund\","
							+ "\"message\":\"  Where   is my\\n\\n\\n refund?  \"}",
					Map.of()))
			.get("messageId")
			.asString();

		ConsumerRecord<String, TributaryEvent> normalized = ChannelTestSupport.one(infrastructure,
				Topic.NORMALIZED_MESSAGES, messageId);
		MessageNormalized message = (MessageNormalized) normalized.value();
		assertThat(normalized.key()).isEqualTo(email.toLowerCase());
		assertThat(message.phone()).isEqualTo("+14155552671");
		assertThat(message.text()).isEqualTo("Where is my\n\nrefund?");
		assertThat(message.metadata().correlationId()).isEqualTo(messageId);

		MessageValidated validated = (MessageValidated) ChannelTestSupport
			.one(infrastructure, Topic.VALIDATION_RESULTS, messageId)
			.value();
		assertThat(validated.outcome()).isEqualTo(ValidationOutcome.ACCEPTED);
		await().atMost(WAIT)
			.until(() -> this.progress.read(messageId)
				.map((status) -> status.stage() == Stage.NORMALIZED)
				.orElse(false));
	}

	@Test
	void poisonAndUnnormalizableRecordsAreRejectedToTheDltWhileTheNextRecordIsNormalized(
			SharedInfrastructure infrastructure) throws Exception {
		String key = "poison-" + UUID.randomUUID() + "@example.com";
		String poisonId = "msg-poison-" + UUID.randomUUID();
		MessageReceived badPhone = raw("msg-badphone-" + UUID.randomUUID(), key, new Sender(null, null, "+1 2"));
		MessageReceived good = raw("msg-good-" + UUID.randomUUID(), key, new Sender(null, key, null));
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new EventOrBytesSerializer())) {
			ProducerRecord<String, Object> poison = new ProducerRecord<>(Topic.RAW_MESSAGES.topicName(), key,
					"{not json".getBytes(StandardCharsets.UTF_8));
			poison.headers().add(CloudEventHeaders.TYPE, "io.tributary.message.received.v1".getBytes());
			poison.headers().add(CloudEventHeaders.ID, poisonId.getBytes());
			producer.send(poison).get(30, TimeUnit.SECONDS);
			producer.send(new ProducerRecord<>(Topic.RAW_MESSAGES.topicName(), key, badPhone))
				.get(30, TimeUnit.SECONDS);
			producer.send(new ProducerRecord<>(Topic.RAW_MESSAGES.topicName(), key, good)).get(30, TimeUnit.SECONDS);
		}

		assertThat(ChannelTestSupport.one(infrastructure, Topic.NORMALIZED_MESSAGES, good.messageId())).isNotNull();

		List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(infrastructure.kafka().bootstrapServers(),
				Topic.RAW_MESSAGES.deadLetterTopicName(), new ByteArrayDeserializer(),
				(record) -> key.equals(record.key()), 2, WAIT);
		assertThat(deadLetters).hasSize(2);
		ConsumerRecord<String, byte[]> poisonLetter = deadLetters.get(0);
		assertThat(new String(poisonLetter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
		assertThat(CloudEventHeaders.text(poisonLetter.headers(), "kafka_dlt-original-topic"))
			.isEqualTo(Topic.RAW_MESSAGES.topicName());
		assertThat(CloudEventHeaders.text(poisonLetter.headers(), "kafka_dlt-original-offset")).isNotBlank();
		assertThat(CloudEventHeaders.text(poisonLetter.headers(), "kafka_dlt-exception-message"))
			.contains("io.tributary.message.received.v1");
		assertThat(CloudEventHeaders.text(deadLetters.get(1).headers(), "kafka_dlt-exception-message"))
			.contains("phone: not a valid phone number");

		MessageValidated poisonVerdict = (MessageValidated) ChannelTestSupport
			.one(infrastructure, Topic.VALIDATION_RESULTS, poisonId)
			.value();
		assertThat(poisonVerdict.outcome()).isEqualTo(ValidationOutcome.REJECTED);
		assertThat(poisonVerdict.reasons()).singleElement().asString().startsWith("io.tributary.message.received.v1: ");
		MessageValidated phoneVerdict = (MessageValidated) ChannelTestSupport
			.one(infrastructure, Topic.VALIDATION_RESULTS, badPhone.messageId())
			.value();
		assertThat(phoneVerdict.reasons()).containsExactly("phone: not a valid phone number");
		await().atMost(WAIT)
			.until(() -> this.progress.read(badPhone.messageId())
				.map((status) -> status.stage() == Stage.REJECTED
						&& "phone: not a valid phone number".equals(status.details().get("reason")))
				.orElse(false));
	}

	private static MessageReceived raw(String messageId, String key, Sender sender) {
		return new MessageReceived(EventMetadata.first(messageId, Instant.now()), messageId, Channel.WEB_FORM,
				"web-form", null, key, sender, "s", "text", BodyFormat.TEXT, EmailThreading.none(), List.of(),
				Instant.now(), Map.of());
	}

}
