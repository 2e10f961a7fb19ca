package io.tributary.agent.reply;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.tributary.agent.ticket.TicketDesk;
import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.operations.AlertRaised;
import io.tributary.events.reply.ReplyKind;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.events.serde.EventDeserializer;
import io.tributary.events.serde.EventOrBytesSerializer;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.events.ticket.TicketStatus;
import io.tributary.events.ticket.TicketStatusChanged;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.infra.junit.WithKafkaAndRedis;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@WithKafkaAndRedis
@SpringBootTest
class ReplyIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	private StringRedisTemplate redis;

	@Test
	void answerableEmailGetsAThreadedAnswerAndTheTicketIsReplied(SharedInfrastructure infrastructure) throws Exception {
		TicketRequested request = request(Channel.EMAIL, "Where is my parcel?",
				"Hello, my package has not arrived yet. Can I track the delivery?",
				new EmailThreading("cust-1@mail.example", null, List.of()));

		publish(infrastructure, request);

		ReplyPrepared reply = one(infrastructure, Topic.RESPONSES_OUT, ReplyPrepared.class,
				(r) -> r.messageId().equals(request.messageId()));
		assertThat(reply.replyId()).isEqualTo("rep-" + request.messageId());
		assertThat(reply.kind()).isEqualTo(ReplyKind.ANSWER);
		assertThat(reply.body()).startsWith("Hello Ana,").contains("My orders");
		assertThat(reply.subject()).isEqualTo("Re: Where is my parcel?");
		assertThat(reply.threading().inReplyTo()).isEqualTo("cust-1@mail.example");
		assertThat(one(infrastructure, Topic.TICKETS_OUT, TicketStatusChanged.class,
				(s) -> s.ticketId().equals(request.ticketId()))
			.status()).isEqualTo(TicketStatus.REPLIED);
	}

	@Test
	void escalationKeywordGivesAnAcknowledgementAnEscalatedTicketAndAnAlert(SharedInfrastructure infrastructure)
			throws Exception {
		TicketRequested request = request(Channel.WEB_FORM, "Order",
				"My order never arrived. I want to talk to a human or I will contact my lawyer.",
				EmailThreading.none());

		publish(infrastructure, request);

		ReplyPrepared reply = one(infrastructure, Topic.RESPONSES_OUT, ReplyPrepared.class,
				(r) -> r.messageId().equals(request.messageId()));
		assertThat(reply.kind()).isEqualTo(ReplyKind.ACKNOWLEDGEMENT);
		TicketStatusChanged status = one(infrastructure, Topic.TICKETS_OUT, TicketStatusChanged.class,
				(s) -> s.ticketId().equals(request.ticketId()));
		assertThat(status.status()).isEqualTo(TicketStatus.ESCALATED);
		assertThat(status.reason()).contains("keyword: lawyer");
		AlertRaised alert = one(infrastructure, Topic.ALERTS, AlertRaised.class,
				(a) -> request.ticketId().equals(a.attributes().get("ticketId")));
		assertThat(alert.alertKey()).isEqualTo("ticket.escalated:" + request.ticketId());
	}

	@Test
	void lowConfidenceEscalatesWithItsReason(SharedInfrastructure infrastructure) throws Exception {
		TicketRequested request = request(Channel.WHATSAPP, null, "Could you explain quantum chromodynamics to me?",
				EmailThreading.none());

		publish(infrastructure, request);

		assertThat(one(infrastructure, Topic.RESPONSES_OUT, ReplyPrepared.class,
				(r) -> r.messageId().equals(request.messageId()))
			.kind()).isEqualTo(ReplyKind.ACKNOWLEDGEMENT);
		assertThat(one(infrastructure, Topic.TICKETS_OUT, TicketStatusChanged.class,
				(s) -> s.ticketId().equals(request.ticketId()))
			.reason()).startsWith("low answer confidence");
	}

	@Test
	void aRequestDeliveredTwiceGetsOneReply(SharedInfrastructure infrastructure) throws Exception {
		TicketRequested request = request(Channel.WEB_FORM, "Invoice", "Can I get a copy of my invoice?",
				EmailThreading.none());

		publish(infrastructure, request, request);
		one(infrastructure, Topic.RESPONSES_OUT, ReplyPrepared.class, (r) -> r.messageId().equals(request.messageId()));
		publish(infrastructure, request);

		List<ConsumerRecord<String, TributaryEvent>> replies = TopicReader.read(
				infrastructure.kafka().bootstrapServers(), Topic.RESPONSES_OUT.topicName(), new EventDeserializer(),
				(record) -> record.value() instanceof ReplyPrepared r && r.messageId().equals(request.messageId()), 3,
				Duration.ofSeconds(5));
		assertThat(replies).hasSize(1);
	}

	@Test
	void aReplyMarkedAfterItsTicketWasClosedExpiresWithTheTicket(SharedInfrastructure infrastructure) throws Exception {
		TicketRequested closedFirst = request(Channel.WEB_FORM, "Invoice", "Can I get a copy of my invoice?",
				EmailThreading.none());
		TicketRequested open = request(Channel.WEB_FORM, "Invoice", "Can I get a copy of my invoice?",
				EmailThreading.none());
		// Stage one opened both; a person closed the first while its request waited for
		// stage two.
		this.redis.opsForHash().put(TicketDesk.ticketKey(open.ticketId()), "status", TicketStatus.OPEN.name());
		String closedKey = TicketDesk.ticketKey(closedFirst.ticketId());
		this.redis.opsForHash().put(closedKey, "status", TicketStatus.CLOSED.name());
		this.redis.expire(closedKey, Duration.ofDays(3));

		publish(infrastructure, closedFirst, open);
		for (TicketRequested request : List.of(closedFirst, open)) {
			one(infrastructure, Topic.RESPONSES_OUT, ReplyPrepared.class,
					(r) -> r.messageId().equals(request.messageId()));
		}

		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(this.redis.opsForSet().members(TicketDesk.ticketKey(open.ticketId()) + ":replies"))
				.containsExactly("rep-" + open.messageId());
			assertThat(this.redis.getExpire(closedKey + ":replies", TimeUnit.MILLISECONDS))
				.isBetween(Duration.ofDays(2).toMillis(), Duration.ofDays(3).toMillis());
		});
		assertThat(this.redis.opsForHash().get(closedKey, "status")).isEqualTo(TicketStatus.CLOSED.name());
		assertThat(this.redis.getExpire(TicketDesk.ticketKey(open.ticketId()) + ":replies", TimeUnit.MILLISECONDS))
			.isEqualTo(-1L);
	}

	private static <T> T one(SharedInfrastructure infrastructure, Topic topic, Class<T> type, Predicate<T> matching) {
		List<ConsumerRecord<String, TributaryEvent>> found = TopicReader.read(infrastructure.kafka().bootstrapServers(),
				topic.topicName(), new EventDeserializer(),
				(record) -> type.isInstance(record.value()) && matching.test(type.cast(record.value())), 1, WAIT);
		assertThat(found).as(type.getSimpleName() + " on " + topic.topicName()).hasSize(1);
		return type.cast(found.get(0).value());
	}

	private static TicketRequested request(Channel channel, String subject, String text, EmailThreading threading) {
		String messageId = "msg-" + UUID.randomUUID();
		return new TicketRequested(
				EventMetadata.first(messageId, Instant.now()).next("treq-" + messageId, Instant.now()),
				"tkt-" + UUID.randomUUID(), "cus-" + UUID.randomUUID(), messageId, channel, "ana@example.com",
				"Ana Ruiz", subject, text, threading, true, Instant.now());
	}

	/** Publishes ticket requests as stage one would, keyed by customer. */
	static void publish(SharedInfrastructure infrastructure, TicketRequested... requests) throws Exception {
		try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new EventOrBytesSerializer())) {
			for (TicketRequested request : requests) {
				producer.send(new ProducerRecord<>(Topic.TICKETS_IN.topicName(), request.customerId(), request))
					.get(30, TimeUnit.SECONDS);
			}
		}
	}

}
