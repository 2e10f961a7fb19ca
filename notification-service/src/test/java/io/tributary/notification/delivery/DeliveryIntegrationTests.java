package io.tributary.notification.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.operations.AlertRaised;
import io.tributary.events.reply.DeliveryOutcome;
import io.tributary.events.reply.ReplyDeliveryCompleted;
import io.tributary.events.reply.ReplyKind;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.events.serde.CloudEventHeaders;
import io.tributary.events.serde.EventDeserializer;
import io.tributary.events.serde.EventOrBytesSerializer;
import io.tributary.infra.FreePorts;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reply delivery against a real SMTP server (GreenMail, in this JVM) and the real broker
 * and Redis.
 */
@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeliveryIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	static final GreenMailExtension SMTP = new GreenMailExtension(
			new ServerSetup(FreePorts.find(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
		.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
		.withPerMethodLifecycle(false);

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
	}

	@LocalServerPort
	private int port;

	@Autowired
	private MessageProgress progress;

	@Test
	void emailReplyIsSentThreadedAndItsDeliveryPublished(SharedInfrastructure infrastructure) throws Exception {
		String recipient = "ana-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		ReplyPrepared reply = reply(Channel.EMAIL, recipient,
				new EmailThreading(null, "cust-2@mail.example", List.of("cust-1@mail.example", "cust-2@mail.example")));

		publish(infrastructure, reply);

		MimeMessage sent = awaitMail(recipient, 1).get(0);
		assertThat(sent.getSubject()).isEqualTo("Re: Where is my parcel?");
		assertThat(sent.getHeader("Message-ID", null)).isEqualTo("<" + reply.replyId() + "@tributary.example>");
		assertThat(sent.getHeader("In-Reply-To", null)).isEqualTo("<cust-2@mail.example>");
		assertThat(sent.getHeader("References", null)).isEqualTo("<cust-1@mail.example> <cust-2@mail.example>");
		assertThat(sent.getFrom()[0].toString()).isEqualTo("support@tributary.example");
		assertThat(((String) sent.getContent()).replace("\r\n", "\n").strip()).isEqualTo(reply.body());
		ReplyDeliveryCompleted completed = one(infrastructure, ReplyDeliveryCompleted.class,
				(c) -> c.replyId().equals(reply.replyId()));
		assertThat(completed.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
		assertThat(completed.providerMessageId()).isEqualTo("<" + reply.replyId() + "@tributary.example>");
		await().atMost(WAIT)
			.until(() -> this.progress.read(reply.messageId()).map((s) -> s.stage() == Stage.DELIVERED).orElse(false));
	}

	@Test
	void theSameReplyRecordTwiceIsSentOnce(SharedInfrastructure infrastructure) throws Exception {
		String recipient = "twice-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		ReplyPrepared reply = reply(Channel.EMAIL, recipient, EmailThreading.none());

		publish(infrastructure, reply, reply);
		awaitMail(recipient, 1);
		publish(infrastructure, reply);
		await().atMost(WAIT)
			.until(() -> TopicReader
				.read(infrastructure.kafka().bootstrapServers(), Topic.TICKETS_OUT.topicName(), new EventDeserializer(),
						(record) -> record.value() instanceof ReplyDeliveryCompleted c
								&& c.replyId().equals(reply.replyId()),
						3, Duration.ofSeconds(2))
				.size() >= 2);

		assertThat(mailTo(recipient)).hasSize(1);
	}

	@Test
	void anUndeliverableAddressFailsForGoodWithADeadLetterAndAnAlert(SharedInfrastructure infrastructure)
			throws Exception {
		ReplyPrepared reply = reply(Channel.EMAIL, "not an address@@", EmailThreading.none());

		publish(infrastructure, reply);

		ReplyDeliveryCompleted completed = one(infrastructure, ReplyDeliveryCompleted.class,
				(c) -> c.replyId().equals(reply.replyId()));
		assertThat(completed.outcome()).isEqualTo(DeliveryOutcome.FAILED);
		assertThat(completed.detail()).startsWith("not a deliverable address");
		assertThat(one(infrastructure, AlertRaised.class, (a) -> reply.replyId().equals(a.attributes().get("replyId")))
			.alertKey()).isEqualTo("delivery.failed:EMAIL");
		List<ConsumerRecord<String, byte[]>> letters = TopicReader.read(infrastructure.kafka().bootstrapServers(),
				Topic.RESPONSES_OUT.deadLetterTopicName(), new ByteArrayDeserializer(),
				(record) -> reply.replyId().equals(CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID)), 1,
				WAIT);
		assertThat(letters).hasSize(1);
		assertThat(CloudEventHeaders.text(letters.get(0).headers(), "kafka_dlt-exception-message"))
			.startsWith("not a deliverable address");
	}

	@Test
	void webReplyIsKeptAndReadableForItsTicket(SharedInfrastructure infrastructure) throws Exception {
		ReplyPrepared reply = reply(Channel.WEB_FORM, "ana@example.com", EmailThreading.none());

		publish(infrastructure, reply);
		one(infrastructure, ReplyDeliveryCompleted.class, (c) -> c.replyId().equals(reply.replyId()));

		HttpResponse<String> replies = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI
					.create("http://127.0.0.1:" + this.port + "/api/v1/web/tickets/" + reply.ticketId() + "/replies"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(replies.statusCode()).isEqualTo(200);
		assertThat(replies.body()).contains(reply.replyId()).contains("Your parcel is on its way.");
	}

	private static List<MimeMessage> awaitMail(String recipient, int count) {
		await().atMost(WAIT).until(() -> mailTo(recipient).size() >= count);
		return mailTo(recipient);
	}

	private static List<MimeMessage> mailTo(String recipient) {
		return Arrays.stream(SMTP.getReceivedMessages()).filter((message) -> {
			try {
				return message.getAllRecipients()[0].toString().equals(recipient);
			}
			catch (Exception ex) {
				return false;
			}
		}).toList();
	}

	private static <T> T one(SharedInfrastructure infrastructure, Class<T> type, Predicate<T> matching) {
		Topic topic = (type == AlertRaised.class) ? Topic.ALERTS : Topic.TICKETS_OUT;
		List<ConsumerRecord<String, TributaryEvent>> found = TopicReader.read(infrastructure.kafka().bootstrapServers(),
				topic.topicName(), new EventDeserializer(),
				(record) -> type.isInstance(record.value()) && matching.test(type.cast(record.value())), 1, WAIT);
		assertThat(found).as(type.getSimpleName()).hasSize(1);
		return type.cast(found.get(0).value());
	}

	private static ReplyPrepared reply(Channel channel, String recipient, EmailThreading threading) {
		String messageId = "msg-" + UUID.randomUUID();
		String replyId = "rep-" + messageId;
		return new ReplyPrepared(EventMetadata.first(messageId, Instant.now()).next(replyId, Instant.now()), replyId,
				"tkt-" + UUID.randomUUID(), "cus-1", messageId, channel, recipient, "Re: Where is my parcel?",
				"Hello Ana,\n\nYour parcel is on its way.\n\nKind regards,\nThe Support Team", ReplyKind.ANSWER, 0.8,
				threading);
	}

	private static void publish(SharedInfrastructure infrastructure, ReplyPrepared... replies) throws Exception {
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new EventOrBytesSerializer())) {
			for (ReplyPrepared reply : replies) {
				producer.send(new ProducerRecord<>(Topic.RESPONSES_OUT.topicName(), reply.ticketId(), reply))
					.get(30, TimeUnit.SECONDS);
			}
		}
	}

}
