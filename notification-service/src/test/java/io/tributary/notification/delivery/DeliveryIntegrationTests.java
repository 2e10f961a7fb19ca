package io.tributary.notification.delivery;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
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
import io.tributary.infra.RedisServerProcess;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import io.tributary.notification.support.HttpPeer;
import io.tributary.notification.support.HttpPeer.Answer;
import io.tributary.notification.support.NotificationIntegrationTest;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Reply delivery against a real SMTP server (GreenMail, in this JVM), a real HTTP server
 * standing in for Twilio, and the real broker and Redis.
 */
class DeliveryIntegrationTests extends NotificationIntegrationTest {

	private static final Random RANDOM = new Random();

	@Autowired
	private MessageProgress progress;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private DeliveryLedger ledger;

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
		List<ConsumerRecord<String, byte[]>> letters = deadLetters(infrastructure, reply.replyId());
		assertThat(letters).hasSize(1);
		assertThat(CloudEventHeaders.text(letters.get(0).headers(), "kafka_dlt-exception-message"))
			.startsWith("not a deliverable address");
		// The message's status ends there, without the address (the endpoint is open).
		await().atMost(WAIT)
			.until(() -> this.progress.read(reply.messageId()).map((s) -> s.stage() == Stage.REJECTED).orElse(false));
		assertThat(this.progress.read(reply.messageId()).orElseThrow().details().get("reason"))
			.isEqualTo("the reply could not be delivered by EMAIL: see the ticket's delivery outcome");
	}

	@Test
	void aReplyWhoseKeysRedisRefusesIsDeadLetteredAndTheNextOneIsSent(SharedInfrastructure infrastructure)
			throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		ReplyPrepared refused = reply(Channel.EMAIL, "refused-" + run + "@example.com", EmailThreading.none());
		// Same ticket, so the same partition, after it.
		ReplyPrepared next = reply(Channel.EMAIL, "next-" + run + "@example.com", EmailThreading.none(),
				refused.ticketId());
		// A key of another type where the ledger keeps the first reply's state (a hand
		// edit, a key clash): Redis refuses its claim however often it is asked.
		this.redis.opsForHash().put(DeliveryLedger.stateKey(refused.replyId()), "left", "by hand");

		publish(infrastructure, refused, next);

		awaitMail("next-" + run + "@example.com", 1);
		List<ConsumerRecord<String, byte[]>> letters = deadLetters(infrastructure, refused.replyId());
		assertThat(letters).hasSize(1);
		assertThat(CloudEventHeaders.text(letters.get(0).headers(), "kafka_dlt-exception-message"))
			.startsWith("could not be delivered: Redis refused the command: ")
			.contains("WRONGTYPE");
		assertThat(mailTo("refused-" + run + "@example.com")).isEmpty();
		// Reported and alerted like any reply that fails for good.
		ReplyDeliveryCompleted completed = one(infrastructure, ReplyDeliveryCompleted.class,
				(c) -> c.replyId().equals(refused.replyId()));
		assertThat(completed.outcome()).isEqualTo(DeliveryOutcome.FAILED);
		assertThat(completed.detail()).contains("WRONGTYPE");
		assertThat(
				one(infrastructure, AlertRaised.class, (a) -> refused.replyId().equals(a.attributes().get("replyId")))
					.alertKey())
			.isEqualTo("delivery.failed:EMAIL");
	}

	@Test
	void webReplyIsKeptAndReadableForItsTicket(SharedInfrastructure infrastructure) throws Exception {
		ReplyPrepared reply = reply(Channel.WEB_FORM, "ana@example.com", EmailThreading.none());

		publish(infrastructure, reply);
		one(infrastructure, ReplyDeliveryCompleted.class, (c) -> c.replyId().equals(reply.replyId()));

		String path = "/api/v1/web/tickets/" + reply.ticketId() + "/replies";
		assertThat(call("GET", path, null).statusCode()).isEqualTo(401);
		HttpResponse<String> replies = call("GET", path, "test-read-key");
		assertThat(replies.statusCode()).isEqualTo(200);
		assertThat(replies.body()).contains(reply.replyId()).contains("Your parcel is on its way.");
	}

	@Test
	void whatsAppReplyWaitsOutTwiliosRateLimitThenIsSentOnce(SharedInfrastructure infrastructure) throws Exception {
		String phone = "+3161" + (1000000 + RANDOM.nextInt(8999999));
		PEER.script(TWILIO_PATH, new Answer(429, "{\"code\":20429,\"message\":\"Too Many Requests\"}",
				Map.of("Retry-After", "2"), false));
		ReplyPrepared reply = reply(Channel.WHATSAPP, phone, EmailThreading.none());

		publish(infrastructure, reply);

		ReplyDeliveryCompleted completed = one(infrastructure, ReplyDeliveryCompleted.class,
				(c) -> c.replyId().equals(reply.replyId()));
		assertThat(completed.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
		assertThat(completed.providerMessageId()).isEqualTo("SM00000000000000000000000000000001");
		List<HttpPeer.Request> requests = twilioRequestsTo(phone);
		assertThat(requests).hasSize(2);
		assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
			.as("the second request waits for Retry-After")
			.isGreaterThanOrEqualTo(Duration.ofMillis(1900));
		HttpPeer.Request sent = requests.get(1);
		assertThat(sent.method()).isEqualTo("POST");
		assertThat(sent.headers().get("content-type")).startsWith("application/x-www-form-urlencoded");
		assertThat(sent.headers().get("authorization")).isEqualTo("Basic " + Base64.getEncoder()
			.encodeToString("AC00000000000000000000000000000001:test-twilio-token".getBytes(StandardCharsets.UTF_8)));
		assertThat(form(sent.body())).containsEntry("To", "whatsapp:" + phone)
			.containsEntry("From", "whatsapp:+14155550000")
			.containsEntry("Body", reply.body());

		publish(infrastructure, reply);
		await().atMost(WAIT)
			.until(() -> TopicReader
				.read(infrastructure.kafka().bootstrapServers(), Topic.TICKETS_OUT.topicName(), new EventDeserializer(),
						(record) -> record.value() instanceof ReplyDeliveryCompleted c
								&& c.replyId().equals(reply.replyId()),
						2, Duration.ofSeconds(2))
				.size() >= 2);
		assertThat(twilioRequestsTo(phone)).as("redelivered record sends nothing").hasSize(2);
	}

	@Test
	void whatsAppNumberTheProviderRefusesFailsForGoodWithADeadLetterAndAnAlert(SharedInfrastructure infrastructure)
			throws Exception {
		String phone = "+3162" + (1000000 + RANDOM.nextInt(8999999));
		PEER.script(TWILIO_PATH, Answer.of(400, "{\"code\":21211,\"message\":\"Invalid 'To' Phone Number\"}"));
		ReplyPrepared reply = reply(Channel.WHATSAPP, phone, EmailThreading.none());

		publish(infrastructure, reply);

		ReplyDeliveryCompleted completed = one(infrastructure, ReplyDeliveryCompleted.class,
				(c) -> c.replyId().equals(reply.replyId()));
		assertThat(completed.outcome()).isEqualTo(DeliveryOutcome.FAILED);
		assertThat(completed.detail()).startsWith("Twilio answered 400").contains("21211");
		assertThat(one(infrastructure, AlertRaised.class, (a) -> reply.replyId().equals(a.attributes().get("replyId")))
			.alertKey()).isEqualTo("delivery.failed:WHATSAPP");
		assertThat(deadLetters(infrastructure, reply.replyId())).hasSize(1);
		assertThat(twilioRequestsTo(phone)).hasSize(1);
	}

	@Test
	void aReplySentAsRedisWentDownIsNotSentAgainWhenItsBatchIsRetried(SharedInfrastructure infrastructure)
			throws Exception {
		String phone = "+3163" + (1000000 + RANDOM.nextInt(8999999));
		ReplyPrepared reply = reply(Channel.WHATSAPP, phone, EmailThreading.none());
		RedisServerProcess redis = infrastructure.redis();
		// Redis goes down while Twilio takes the message: it is sent, but its outcome
		// cannot be written, so the batch rolls back and is retried.
		PEER.beforeNextAnswer(TWILIO_PATH, redis::stop);
		try {
			publish(infrastructure, reply);
			await().atMost(WAIT).until(() -> unrecordedDeliveries() == 1);
		}
		finally {
			if (!redis.isRunning()) {
				redis.start();
			}
		}

		ReplyDeliveryCompleted completed = one(infrastructure, ReplyDeliveryCompleted.class,
				(c) -> c.replyId().equals(reply.replyId()));
		assertThat(completed.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
		assertThat(completed.providerMessageId()).isEqualTo("SM00000000000000000000000000000001");
		assertThat(twilioRequestsTo(phone)).as("sent once, though its batch ran twice").hasSize(1);
		await().atMost(WAIT).until(() -> unrecordedDeliveries() == 0);
		assertThat(this.redis.opsForValue().get(DeliveryLedger.stateKey(reply.replyId())))
			.isEqualTo("delivered:SM00000000000000000000000000000001");
	}

	@Test
	void anOutcomeRedisCouldNotTakeIsWrittenWhenRedisIsBackEvenWithoutARetry(SharedInfrastructure infrastructure) {
		// As when the reply's partition moves to another instance during the outage: no
		// retry of the batch comes here, and the other instance waits on this one's claim
		// until it finds an outcome.
		String replyId = "rep-" + UUID.randomUUID();
		assertThat(this.ledger.claim(replyId)).isEqualTo("CLAIMED");
		RedisServerProcess redis = infrastructure.redis();
		redis.stop();
		try {
			assertThatThrownBy(() -> this.ledger.delivered(replyId, "SM-sent-during-outage"))
				.isInstanceOf(RuntimeException.class);
			assertThat(unrecordedDeliveries()).isEqualTo(1);
		}
		finally {
			redis.start();
		}

		await().atMost(WAIT)
			.until(() -> "delivered:SM-sent-during-outage"
				.equals(this.redis.opsForValue().get(DeliveryLedger.stateKey(replyId))));
		await().atMost(WAIT).until(() -> unrecordedDeliveries() == 0);
	}

	private double unrecordedDeliveries() {
		return this.meters.get("tributary.notification.deliveries.unrecorded").gauge().value();
	}

	private static List<HttpPeer.Request> twilioRequestsTo(String phone) {
		return PEER.requests((request) -> request.path().equals(TWILIO_PATH)
				&& form(request.body()).getOrDefault("To", "").equals("whatsapp:" + phone));
	}

	private static Map<String, String> form(String body) {
		Map<String, String> fields = new HashMap<>();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return fields;
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

	/** The dead letters of a reply, read until one is there or the wait is over. */
	private static List<ConsumerRecord<String, byte[]>> deadLetters(SharedInfrastructure infrastructure,
			String replyId) {
		return TopicReader.read(infrastructure.kafka().bootstrapServers(), Topic.RESPONSES_OUT.deadLetterTopicName(),
				new ByteArrayDeserializer(),
				(record) -> replyId.equals(CloudEventHeaders.text(record.headers(), CloudEventHeaders.ID)), 1, WAIT);
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
		return reply(channel, recipient, threading, "tkt-" + UUID.randomUUID());
	}

	private static ReplyPrepared reply(Channel channel, String recipient, EmailThreading threading, String ticketId) {
		String messageId = "msg-" + UUID.randomUUID();
		String replyId = "rep-" + messageId;
		return new ReplyPrepared(EventMetadata.first(messageId, Instant.now()).next(replyId, Instant.now()), replyId,
				ticketId, "cus-1", messageId, channel, recipient, "Re: Where is my parcel?",
				"Hello Ana,\n\nYour parcel is on its way.\n\nKind regards,\nThe Support Team", ReplyKind.ANSWER, 0.8,
				threading);
	}

	private static void publish(SharedInfrastructure infrastructure, ReplyPrepared... replies) throws Exception {
		for (ReplyPrepared reply : replies) {
			publish(infrastructure, Topic.RESPONSES_OUT.topicName(), reply.ticketId(), reply);
		}
	}

}
