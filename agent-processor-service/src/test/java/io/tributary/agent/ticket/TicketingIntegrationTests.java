package io.tributary.agent.ticket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.customer.CustomerIdentified;
import io.tributary.events.customer.CustomersMerged;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.operations.AuditEntryRecorded;
import io.tributary.events.serde.CloudEventHeaders;
import io.tributary.events.serde.EventDeserializer;
import io.tributary.events.serde.EventOrBytesSerializer;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.events.ticket.TicketStatus;
import io.tributary.events.ticket.TicketStatusChanged;
import io.tributary.agent.dedup.DedupProperties;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.TopicReader;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import io.tributary.kit.redis.ScriptPipeline;
import io.tributary.kit.stage.TransactionalStage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

@WithKafkaAndRedis
@SpringBootTest
class TicketingIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	private MessageProgress progress;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Autowired
	private TicketingListener ticketing;

	@Autowired
	private TransactionalStage ticketingStage;

	@Autowired
	private TicketDesk desk;

	@Autowired
	private IdleTicketClosing idleTickets;

	@Autowired
	private ScriptPipeline pipeline;

	@Autowired
	private TransactionalStage ticketDeskStage;

	@Autowired
	private TicketProperties ticketProperties;

	@Autowired
	private DedupProperties dedupProperties;

	@Test
	void sameMessageIdTwiceGivesOneTicketRequest(SharedInfrastructure infrastructure) throws Exception {
		String contact = unique("twice") + "@example.com";
		MessageNormalized message = message("msg-" + UUID.randomUUID(), contact, Channel.WEB_FORM, "Where is it?",
				null);

		publish(infrastructure, message, message);
		awaitTicketed(message);
		// Marked done (before its progress, after the commit) for the id retention.
		long markedFor = this.redis.getExpire("dedup:{" + message.contactKey() + "}:id:" + message.messageId(),
				TimeUnit.MILLISECONDS);
		assertThat(markedFor).isPositive().isLessThanOrEqualTo(this.dedupProperties.idRetention().toMillis());
		publish(infrastructure, message);

		assertThat(ticketRequests(infrastructure, contactFilter(contact), 3)).hasSize(1);
	}

	@Test
	void sameContentUnderANewIdIsARepeatInsideTheWindowAndNewAfterIt(SharedInfrastructure infrastructure)
			throws Exception {
		String contact = unique("resubmit") + "@example.com";
		MessageNormalized first = message("msg-" + UUID.randomUUID(), contact, Channel.WEB_FORM, "Refund please", null);
		MessageNormalized resubmitted = message("msg-" + UUID.randomUUID(), contact, Channel.WEB_FORM, "Refund please",
				null);

		publish(infrastructure, first, resubmitted);
		await().atMost(WAIT)
			.until(() -> this.progress.read(resubmitted.messageId())
				.map((status) -> status.stage() == Stage.REJECTED
						&& status.details().get("reason").contains(first.messageId()))
				.orElse(false));
		assertThat(ticketRequests(infrastructure, contactFilter(contact), 2)).hasSize(1);

		// Outside the window (2 s in tests) the same content is a new message.
		await().atMost(WAIT)
			.until(() -> !Boolean.TRUE
				.equals(this.redis.hasKey("dedup:{" + contact + "}:content:" + first.contentHash())));
		MessageNormalized later = message("msg-" + UUID.randomUUID(), contact, Channel.WEB_FORM, "Refund please", null);
		publish(infrastructure, later);
		awaitTicketed(later);
		assertThat(ticketRequests(infrastructure, contactFilter(contact), 2)).hasSize(2);
	}

	@Test
	void aMessageLinkingTwoCustomersMergesThem(SharedInfrastructure infrastructure) throws Exception {
		String email = unique("merge") + "@example.com";
		String phone = "+1415555" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode() % 10000));
		MessageNormalized byEmail = message("msg-" + UUID.randomUUID(), email, Channel.EMAIL, "one", null);
		MessageNormalized byPhone = withContacts(
				message("msg-" + UUID.randomUUID(), phone, Channel.WHATSAPP, "two", null), null, phone);
		MessageNormalized linking = withContacts(
				message("msg-" + UUID.randomUUID(), email, Channel.WEB_FORM, "three", null), email, phone);

		publish(infrastructure, byEmail, byPhone);
		awaitTicketed(byEmail);
		awaitTicketed(byPhone);
		String emailCustomer = this.progress.read(byEmail.messageId()).orElseThrow().details().get("customerId");
		String phoneCustomer = this.progress.read(byPhone.messageId()).orElseThrow().details().get("customerId");
		assertThat(emailCustomer).isNotEqualTo(phoneCustomer);
		publish(infrastructure, linking);
		awaitTicketed(linking);

		List<ConsumerRecord<String, TributaryEvent>> merges = TopicReader.read(
				infrastructure.kafka().bootstrapServers(), Topic.CUSTOMER_IDENTITIES.topicName(),
				new EventDeserializer(), (record) -> record.value() instanceof CustomersMerged merged
						&& merged.messageId().equals(linking.messageId()),
				1, WAIT);
		assertThat(merges).hasSize(1);
		CustomersMerged merged = (CustomersMerged) merges.get(0).value();
		String survivor = (emailCustomer.compareTo(phoneCustomer) < 0) ? emailCustomer : phoneCustomer;
		String folded = survivor.equals(emailCustomer) ? phoneCustomer : emailCustomer;
		assertThat(merged.customerId()).isEqualTo(survivor);
		assertThat(merged.mergedCustomerIds()).containsExactly(folded);
		assertThat(merged.contacts()).contains(email, phone);
		assertThat(this.progress.read(linking.messageId()).orElseThrow().details().get("customerId"))
			.isEqualTo(survivor);
	}

	@Test
	void anEmailAnsweringAThreadJoinsThatTicketEvenFromAnotherAddress(SharedInfrastructure infrastructure)
			throws Exception {
		String ana = unique("ana") + "@example.com";
		String colleague = unique("colleague") + "@example.com";
		String rfcId = UUID.randomUUID() + "@mail.example.com";
		MessageNormalized original = message("msg-" + UUID.randomUUID(), ana, Channel.EMAIL, "Broken kettle",
				new EmailThreading(rfcId, null, List.of()));
		MessageNormalized reply = message("msg-" + UUID.randomUUID(), colleague, Channel.EMAIL, "Same problem here",
				new EmailThreading("r-" + rfcId, rfcId, List.of(rfcId)));
		MessageNormalized unrelated = message("msg-" + UUID.randomUUID(), colleague, Channel.WHATSAPP, "Other topic",
				null);

		publish(infrastructure, original);
		awaitTicketed(original);
		publish(infrastructure, reply, unrelated);
		awaitTicketed(reply);
		awaitTicketed(unrelated);

		String ticket = ticketOf(original);
		assertThat(ticketOf(reply)).isEqualTo(ticket);
		assertThat(ticketOf(unrelated)).isNotEqualTo(ticket);
		TicketRequested joined = (TicketRequested) ticketRequests(infrastructure,
				(event) -> event.messageId().equals(reply.messageId()), 1)
			.get(0);
		assertThat(joined.newTicket()).isFalse();
	}

	@Test
	void aPoisonRecordIsDeadLetteredWithItsReasonAndTheNextRecordIsProcessed(SharedInfrastructure infrastructure)
			throws Exception {
		String contact = unique("poison") + "@example.com";
		MessageNormalized after = message("msg-" + UUID.randomUUID(), contact, Channel.WEB_FORM, "after the poison",
				null);
		try (KafkaProducer<String, Object> producer = producer(infrastructure)) {
			ProducerRecord<String, Object> poison = new ProducerRecord<>(Topic.NORMALIZED_MESSAGES.topicName(), contact,
					"{\"metadata\":{}}".getBytes(StandardCharsets.UTF_8));
			poison.headers().add(CloudEventHeaders.TYPE, "io.tributary.message.normalized.v1".getBytes());
			producer.send(poison).get(30, TimeUnit.SECONDS);
			producer.send(new ProducerRecord<>(Topic.NORMALIZED_MESSAGES.topicName(), contact, after))
				.get(30, TimeUnit.SECONDS);
		}

		awaitTicketed(after);
		List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(infrastructure.kafka().bootstrapServers(),
				Topic.NORMALIZED_MESSAGES.deadLetterTopicName(), new ByteArrayDeserializer(),
				(record) -> contact.equals(record.key()), 1, WAIT);
		assertThat(deadLetters).hasSize(1);
		ConsumerRecord<String, byte[]> letter = deadLetters.get(0);
		assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{\"metadata\":{}}");
		assertThat(CloudEventHeaders.text(letter.headers(), "kafka_dlt-exception-message"))
			.startsWith("io.tributary.message.normalized.v1: metadata.eventId is required");
		assertThat(CloudEventHeaders.text(letter.headers(), "kafka_dlt-original-topic"))
			.isEqualTo(Topic.NORMALIZED_MESSAGES.topicName());
		assertThat(CloudEventHeaders.text(letter.headers(), "kafka_dlt-original-offset")).isNotBlank();
		assertThat(CloudEventHeaders.text(letter.headers(), "kafka_dlt-original-partition")).isNotBlank();
	}

	/**
	 * A message whose placement Redis refuses, because its contact's data has the wrong
	 * type: every retry would fail the same way. It is dead-lettered with Redis's reason
	 * and rejected, and the messages before and after it on its partition are ticketed.
	 */
	@Test
	void aMessageRedisRefusesToPlaceIsDeadLetteredAndTheMessagesAroundItAreTicketed(SharedInfrastructure infrastructure)
			throws Exception {
		String broken = unique("wrong-type") + "@example.com";
		this.redis.opsForHash().put("identity:contact:{" + broken + "}", "customerId", "cus-written-by-hand");
		MessageNormalized before = message("msg-" + UUID.randomUUID(), unique("before") + "@example.com",
				Channel.WEB_FORM, "before the refused one", null);
		MessageNormalized refused = message("msg-" + UUID.randomUUID(), broken, Channel.WEB_FORM, "refused", null);
		MessageNormalized after = message("msg-" + UUID.randomUUID(), unique("after") + "@example.com",
				Channel.WEB_FORM, "after the refused one", null);
		try (KafkaProducer<String, Object> producer = producer(infrastructure)) {
			for (MessageNormalized message : List.of(before, refused, after)) {
				producer
					.send(new ProducerRecord<>(Topic.NORMALIZED_MESSAGES.topicName(), 0, message.contactKey(), message))
					.get(30, TimeUnit.SECONDS);
			}
		}

		awaitTicketed(before);
		awaitTicketed(after);
		List<ConsumerRecord<String, TributaryEvent>> letters = TopicReader.read(
				infrastructure.kafka().bootstrapServers(), Topic.NORMALIZED_MESSAGES.deadLetterTopicName(),
				new EventDeserializer(), (record) -> broken.equals(record.key()), 1, WAIT);
		assertThat(letters).hasSize(1);
		assertThat(letters.get(0).value()).isEqualTo(refused);
		String reason = CloudEventHeaders.text(letters.get(0).headers(), "kafka_dlt-exception-message");
		assertThat(reason).startsWith("could not be placed: ").contains("WRONGTYPE");
		assertThat(
				ByteBuffer.wrap(letters.get(0).headers().lastHeader("kafka_dlt-original-partition").value()).getInt())
			.isZero();
		await().atMost(WAIT)
			.until(() -> this.progress.read(refused.messageId())
				.map((status) -> status.stage() == Stage.REJECTED && reason.equals(status.details().get("reason")))
				.orElse(false));
		assertThat(ticketRequests(infrastructure, contactFilter(broken), 1)).isEmpty();
	}

	/**
	 * A consumer dies mid-batch: it polled a batch, did the first half's work (Redis
	 * identities and tickets, records sent in its open Kafka transaction), then stopped
	 * without committing. Its transaction is aborted, its offsets never committed. The
	 * restarted consumer gets the whole batch again and must end with exactly one
	 * committed ticket request per message and one ticket per customer.
	 */
	@Test
	void aConsumerClosedMidBatchWithoutCommitLosesNothingAndOpensNoSecondTicket(SharedInfrastructure infrastructure)
			throws Exception {
		String run = unique("crash");
		List<String> customers = List.of(run + "-a@example.com", run + "-b@example.com", run + "-c@example.com");
		List<MessageNormalized> batch = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			batch.add(message("msg-" + run + "-" + i, customers.get(i % 3), Channel.EMAIL, "Question number " + i,
					EmailThreading.none()));
		}
		MessageListenerContainer container = this.listeners.getListenerContainer("agent-processor");
		container.stop();
		try {
			publish(infrastructure, batch.toArray(MessageNormalized[]::new));
			List<ConsumerRecord<String, Object>> polled = pollAsTheAgentProcessor(infrastructure, batch);
			List<ConsumerRecord<String, Object>> firstHalf = polled.subList(0, polled.size() / 2);

			// The first half's work runs for real in a stage transaction, then the
			// process
			// "dies": the transaction never commits and the consumer closes without
			// committing offsets.
			processInATransactionThatNeverCommits(firstHalf);
			assertThat(this.redis.keys("identity:*" + run + "*")).as("the dead consumer left Redis state behind")
				.isNotEmpty();
		}
		finally {
			container.start();
		}

		batch.forEach(this::awaitTicketed);
		List<TicketRequested> requests = TopicReader
			.read(infrastructure.kafka().bootstrapServers(), Topic.TICKETS_IN.topicName(), new EventDeserializer(),
					(record) -> record.value() instanceof TicketRequested request
							&& request.messageId().startsWith("msg-" + run + "-"),
					batch.size() * 2, Duration.ofSeconds(5))
			.stream()
			.map((record) -> (TicketRequested) record.value())
			.toList();
		assertThat(requests).extracting(TicketRequested::messageId)
			.as("one committed request per message")
			.containsExactlyInAnyOrderElementsOf(batch.stream().map(MessageNormalized::messageId).toList());
		Map<String, Set<String>> ticketsByCustomer = requests.stream()
			.collect(Collectors.groupingBy(TicketRequested::contactKey,
					Collectors.mapping(TicketRequested::ticketId, Collectors.toSet())));
		assertThat(ticketsByCustomer).hasSize(3).allSatisfy((customer, tickets) -> assertThat(tickets).hasSize(1));
		assertThat(requests.stream().filter(TicketRequested::newTicket).map(TicketRequested::ticketId))
			.as("each ticket opened once")
			.containsExactlyInAnyOrderElementsOf(ticketsByCustomer.values().stream().flatMap(Set::stream).toList());
	}

	@Test
	void identityEventsAnnounceChangesOnlyAndSurviveABatchThatRolledBack(SharedInfrastructure infrastructure)
			throws Exception {
		String run = unique("identity");
		String email = run + "@example.com";
		String phone = "+1415556" + String.format("%04d", Math.abs(run.hashCode() % 10000));
		MessageNormalized byEmail = message("msg-" + run + "-email", email, Channel.EMAIL, "one", null);
		MessageNormalized byPhone = withContacts(message("msg-" + run + "-phone", phone, Channel.WHATSAPP, "two", null),
				null, phone);
		MessageNormalized returning = message("msg-" + run + "-again", email, Channel.EMAIL, "three", null);
		MessageNormalized linking = withContacts(message("msg-" + run + "-link", email, Channel.WEB_FORM, "four", null),
				email, phone);
		MessageNormalized fresh = message("msg-" + run + "-fresh", run + "-new@example.com", Channel.WEB_FORM, "five",
				null);
		publish(infrastructure, byEmail, byPhone, returning);
		List.of(byEmail, byPhone, returning).forEach(this::awaitTicketed);
		String emailCustomer = this.progress.read(byEmail.messageId()).orElseThrow().details().get("customerId");
		String phoneCustomer = this.progress.read(byPhone.messageId()).orElseThrow().details().get("customerId");

		// The merge and the new customer are first made in Redis by a batch whose
		// transaction never commits: the attempt that commits finds them already made.
		MessageListenerContainer container = this.listeners.getListenerContainer("agent-processor");
		container.stop();
		try {
			publish(infrastructure, linking, fresh);
			List<ConsumerRecord<String, Object>> polled = pollAsTheAgentProcessor(infrastructure,
					List.of(linking, fresh));
			processInATransactionThatNeverCommits(polled);
		}
		finally {
			container.start();
		}
		awaitTicketed(linking);
		awaitTicketed(fresh);

		Set<String> ids = Set.of(byEmail.messageId(), byPhone.messageId(), returning.messageId(), linking.messageId(),
				fresh.messageId());
		// One more than expected, so that an event too many would be read.
		List<TributaryEvent> events = TopicReader
			.read(infrastructure.kafka().bootstrapServers(), Topic.CUSTOMER_IDENTITIES.topicName(),
					new EventDeserializer(),
					(record) -> (record.value() instanceof CustomerIdentified identified
							&& ids.contains(identified.messageId()))
							|| (record.value() instanceof CustomersMerged merged && ids.contains(merged.messageId())),
					6, Duration.ofSeconds(5))
			.stream()
			.map(ConsumerRecord::value)
			.toList();
		String survivor = (emailCustomer.compareTo(phoneCustomer) < 0) ? emailCustomer : phoneCustomer;
		String folded = survivor.equals(emailCustomer) ? phoneCustomer : emailCustomer;
		assertThat(events.stream().filter(CustomerIdentified.class::isInstance).map(CustomerIdentified.class::cast))
			.as("a customer made or given a contact, not a customer writing again")
			.extracting(CustomerIdentified::messageId, CustomerIdentified::customerId, CustomerIdentified::newCustomer)
			.containsExactlyInAnyOrder(tuple(byEmail.messageId(), emailCustomer, true),
					tuple(byPhone.messageId(), phoneCustomer, true), tuple(linking.messageId(), survivor, false),
					tuple(fresh.messageId(),
							this.progress.read(fresh.messageId()).orElseThrow().details().get("customerId"), true));
		assertThat(events.stream().filter(CustomersMerged.class::isInstance).map(CustomersMerged.class::cast))
			.singleElement()
			.satisfies((merged) -> {
				assertThat(merged.messageId()).isEqualTo(linking.messageId());
				assertThat(merged.mergedCustomerIds()).containsExactly(folded);
			});
	}

	/** Polls the batch as the agent processor's group would, and never commits. */
	@Test
	void theCustomerWritingAgainAfterTheReplyMakesTheTicketAwaitAReplyAgain(SharedInfrastructure infrastructure)
			throws Exception {
		String contact = unique("again") + "@example.com";
		MessageNormalized first = message("msg-" + UUID.randomUUID(), contact, Channel.WEB_FORM,
				"Can I get a copy of my invoice?", null);
		MessageNormalized second = message("msg-" + UUID.randomUUID(), contact, Channel.WEB_FORM,
				"Can I get a copy of my invoice for May as well?", null);

		publish(infrastructure, first);
		awaitStage(first, Stage.REPLIED);
		publish(infrastructure, second);
		awaitStage(second, Stage.REPLIED);

		String ticketId = ticketOf(first);
		assertThat(ticketOf(second)).isEqualTo(ticketId);
		List<TicketStatusChanged> moves = TopicReader
			.read(infrastructure.kafka().bootstrapServers(), Topic.TICKETS_OUT.topicName(), new EventDeserializer(),
					(record) -> record.value() instanceof TicketStatusChanged change
							&& change.ticketId().equals(ticketId),
					4, WAIT)
			.stream()
			.map((record) -> (TicketStatusChanged) record.value())
			.toList();
		assertThat(moves).extracting(TicketStatusChanged::previousStatus, TicketStatusChanged::status)
			.containsExactly(tuple(null, TicketStatus.OPEN), tuple(TicketStatus.OPEN, TicketStatus.REPLIED),
					tuple(TicketStatus.REPLIED, TicketStatus.AWAITING_REPLY),
					tuple(TicketStatus.AWAITING_REPLY, TicketStatus.REPLIED));
		assertThat(moves.get(2).reason()).isEqualTo("new message " + second.messageId() + " from the customer");
	}

	/**
	 * A ticket the automatic reply answered, and the customer never wrote again: the
	 * sweep closes it once it has been REPLIED for longer than the setting (7 days; the
	 * sweep is asked as of 8 days from now). Another customer's ticket that was REPLIED,
	 * then written to again and escalated, is left to a person.
	 */
	@Test
	void aRepliedTicketTheCustomerDoesNotAnswerIsClosedAfterTheIdleTime(SharedInfrastructure infrastructure)
			throws Exception {
		MessageNormalized answered = message("msg-" + UUID.randomUUID(), unique("idle") + "@example.com",
				Channel.WEB_FORM, "Can I get a copy of my invoice?", null);
		String busyContact = unique("busy") + "@example.com";
		MessageNormalized first = message("msg-" + UUID.randomUUID(), busyContact, Channel.WEB_FORM,
				"Can I get a copy of my invoice?", null);
		MessageNormalized escalating = message("msg-" + UUID.randomUUID(), busyContact, Channel.WEB_FORM,
				"I want a refund and to talk to a human.", null);
		publish(infrastructure, answered, first);
		awaitStage(answered, Stage.REPLIED);
		awaitStage(first, Stage.REPLIED);
		publish(infrastructure, escalating);
		awaitStage(escalating, Stage.REPLIED);
		String idleTicket = ticketOf(answered);
		String busyTicket = ticketOf(first);
		assertThat(this.desk.ticket(idleTicket).get("status")).isEqualTo("REPLIED");
		assertThat(this.desk.ticket(busyTicket).get("status")).isEqualTo("ESCALATED");
		assertThat(this.idleTickets.closeIdle(Instant.now())).isZero();
		assertThat(this.desk.ticket(idleTicket).get("status")).isEqualTo("REPLIED");

		assertThat(this.idleTickets.closeIdle(Instant.now().plus(Duration.ofDays(8)))).isPositive();

		assertThat(this.desk.ticket(idleTicket).get("status")).isEqualTo("CLOSED");
		assertThat(this.desk.ticket(busyTicket).get("status")).isEqualTo("ESCALATED");
		assertThat(this.redis.opsForZSet().score(TicketDesk.REPLIED, idleTicket)).isNull();
		assertThat(this.redis.opsForZSet().score(TicketDesk.REPLIED, busyTicket)).isNull();
		for (String part : List.of("", ":messages", ":history", ":changes", ":replies")) {
			assertThat(this.redis.getExpire("ticket:{" + idleTicket + "}" + part, TimeUnit.MILLISECONDS))
				.as("the closed ticket's keys expire after the closed retention")
				.isBetween(1L, this.ticketProperties.closedRetention().toMillis());
			assertThat(this.redis.getExpire("ticket:{" + busyTicket + "}" + part, TimeUnit.MILLISECONDS))
				.as("the escalated ticket's keys stay")
				.isEqualTo(-1L);
		}
		List<TicketStatusChanged> closes = TopicReader
			.read(infrastructure.kafka().bootstrapServers(), Topic.TICKETS_OUT.topicName(), new EventDeserializer(),
					(record) -> record.value() instanceof TicketStatusChanged change
							&& Set.of(idleTicket, busyTicket).contains(change.ticketId())
							&& change.status() == TicketStatus.CLOSED,
					2, Duration.ofSeconds(10))
			.stream()
			.map((record) -> (TicketStatusChanged) record.value())
			.toList();
		assertThat(closes).singleElement().satisfies((close) -> {
			assertThat(close.ticketId()).isEqualTo(idleTicket);
			assertThat(close.previousStatus()).isEqualTo(TicketStatus.REPLIED);
			assertThat(close.reason()).isEqualTo("no message from the customer for 7d after the reply");
		});
		assertThat(TopicReader.read(infrastructure.kafka().bootstrapServers(), Topic.AUDIT.topicName(),
				new EventDeserializer(),
				(record) -> record.value() instanceof AuditEntryRecorded entry && idleTicket.equals(entry.ticketId())
						&& entry.action().equals("ticket.closed"),
				1, WAIT))
			.singleElement()
			.satisfies((record) -> assertThat(((AuditEntryRecorded) record.value()).details())
				.containsEntry("by", "auto-close")
				.containsEntry("previousStatus", "REPLIED"));
		assertThat(this.idleTickets.closeIdle(Instant.now().plus(Duration.ofDays(8)))).isZero();
	}

	/**
	 * Two instances wake to sweep: the one that takes the lease sweeps and closes the
	 * idle ticket, the other stands aside while the lease lasts (one sweep interval), so
	 * it cannot publish the same close again. Once the lease is gone, the other sweeps.
	 */
	@Test
	void whileOneInstanceHoldsTheSweepLeaseAnotherDoesNotSweep(SharedInfrastructure infrastructure) throws Exception {
		MessageNormalized answered = message("msg-" + UUID.randomUUID(), unique("lease") + "@example.com",
				Channel.WEB_FORM, "Can I get a copy of my invoice?", null);
		publish(infrastructure, answered);
		awaitStage(answered, Stage.REPLIED);
		String ticket = ticketOf(answered);
		IdleTicketClosing otherInstance = new IdleTicketClosing(this.pipeline, this.ticketDeskStage,
				this.ticketProperties, new SimpleMeterRegistry());
		Instant later = Instant.now().plus(Duration.ofDays(8));

		// The sweepers of other cached test contexts share this Redis and may hold the
		// lease: free it until this context's instance takes it.
		OptionalInt swept = await().atMost(WAIT).until(() -> {
			this.redis.delete(IdleTicketClosing.LEASE);
			return this.idleTickets.sweepIfLeaseTaken(later);
		}, OptionalInt::isPresent);

		assertThat(swept.getAsInt()).isPositive();
		assertThat(this.desk.ticket(ticket).get("status")).isEqualTo("CLOSED");
		assertThat(otherInstance.sweepIfLeaseTaken(later)).isEmpty();
		assertThat(this.redis.getExpire(IdleTicketClosing.LEASE, TimeUnit.MILLISECONDS)).isPositive()
			.isLessThanOrEqualTo(this.ticketProperties.autoCloseSweep().toMillis());
		this.redis.delete(IdleTicketClosing.LEASE);
		assertThat(otherInstance.sweepIfLeaseTaken(later)).isPresent();
	}

	/**
	 * Runs the stage's work on the records for real, Redis included, in a stage
	 * transaction that is then aborted, as when the process dies before the commit.
	 */
	private void processInATransactionThatNeverCommits(List<ConsumerRecord<String, Object>> records) {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> new TransactionTemplate(this.ticketingStage.transactions()).executeWithoutResult((tx) -> {
				this.ticketing.process(records);
				throw new IllegalStateException("killed before the commit");
			}));
	}

	private void awaitStage(MessageNormalized message, Stage stage) {
		await().atMost(WAIT)
			.until(() -> this.progress.read(message.messageId())
				.map((status) -> status.reachedAt().containsKey(stage))
				.orElse(false));
	}

	private static List<ConsumerRecord<String, Object>> pollAsTheAgentProcessor(SharedInfrastructure infrastructure,
			List<MessageNormalized> batch) {
		Set<String> wanted = batch.stream().map(MessageNormalized::messageId).collect(Collectors.toSet());
		List<ConsumerRecord<String, Object>> polled = new ArrayList<>();
		try (KafkaConsumer<String, TributaryEvent> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "agent-processor", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
						false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new EventDeserializer())) {
			consumer.subscribe(List.of(Topic.NORMALIZED_MESSAGES.topicName()));
			await().atMost(WAIT).until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach((record) -> {
					if (record.value() instanceof MessageNormalized message && wanted.contains(message.messageId())) {
						polled.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(),
								record.key(), record.value()));
					}
				});
				return polled.size() == wanted.size();
			});
		}
		return polled;
	}

	private String ticketOf(MessageNormalized message) {
		return this.progress.read(message.messageId()).orElseThrow().details().get("ticketId");
	}

	private void awaitTicketed(MessageNormalized message) {
		await().atMost(WAIT)
			.until(() -> this.progress.read(message.messageId())
				.map((status) -> status.reachedAt().containsKey(Stage.TICKETED))
				.orElse(false));
	}

	private static List<TributaryEvent> ticketRequests(SharedInfrastructure infrastructure,
			java.util.function.Predicate<TicketRequested> matching, int atMost) {
		return TopicReader
			.read(infrastructure.kafka().bootstrapServers(), Topic.TICKETS_IN.topicName(), new EventDeserializer(),
					(record) -> record.value() instanceof TicketRequested request && matching.test(request), atMost,
					Duration.ofSeconds(5))
			.stream()
			.map(ConsumerRecord::value)
			.toList();
	}

	private static java.util.function.Predicate<TicketRequested> contactFilter(String contact) {
		return (request) -> request.contactKey().equals(contact);
	}

	private static void publish(SharedInfrastructure infrastructure, MessageNormalized... messages) throws Exception {
		try (KafkaProducer<String, Object> producer = producer(infrastructure)) {
			for (MessageNormalized message : messages) {
				producer
					.send(new ProducerRecord<>(Topic.NORMALIZED_MESSAGES.topicName(), message.contactKey(), message))
					.get(30, TimeUnit.SECONDS);
			}
		}
	}

	private static KafkaProducer<String, Object> producer(SharedInfrastructure infrastructure) {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				infrastructure.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
				new EventOrBytesSerializer());
	}

	private static MessageNormalized message(String messageId, String contactKey, Channel channel, String text,
			EmailThreading threading) {
		boolean phone = contactKey.startsWith("+");
		return new MessageNormalized(
				EventMetadata.first(messageId, Instant.now()).next("norm-" + messageId, Instant.now()), messageId,
				channel, "test", null, contactKey, "Customer", phone ? null : contactKey, phone ? contactKey : null,
				"Subject", text, threading, List.of(), "sha256:" + contactKey + "|" + channel + "|" + text,
				Instant.now());
	}

	private static MessageNormalized withContacts(MessageNormalized m, String email, String phone) {
		return new MessageNormalized(m.metadata(), m.messageId(), m.channel(), m.provider(), m.providerMessageId(),
				m.contactKey(), m.customerName(), email, phone, m.subject(), m.text(), m.threading(), m.attachments(),
				m.contentHash(), m.receivedAt());
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
