package io.tributary.agent.reply;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.agent.triage.Priority;
import io.tributary.agent.triage.Triage;
import io.tributary.agent.ticket.TicketDesk;
import io.tributary.agent.triage.Triager;
import io.tributary.events.EventMetadata;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.operations.AlertRaised;
import io.tributary.events.operations.AlertSeverity;
import io.tributary.events.operations.AuditEntryRecorded;
import io.tributary.events.reply.ReplyKind;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.events.ticket.TicketStatus;
import io.tributary.events.ticket.TicketStatusChanged;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import io.tributary.kit.redis.ScriptPipeline;
import io.tributary.kit.stage.AfterCommit;
import io.tributary.kit.stage.DeadLetters;
import io.tributary.kit.stage.RecordFailures;
import io.tributary.kit.stage.TransactionalStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.stereotype.Component;

/**
 * Stage two: ticket request → triage → reply. In one Kafka transaction per batch it
 * publishes the reply ({@code processing.responses.out}), the ticket's status change
 * ({@code processing.tickets.out}), an alert when a person must take over
 * ({@code notifications.alerts}) and audit entries. The reply id is derived from the
 * message id and a reply is marked done only after commit, so a message gets one reply
 * however often its request is delivered. The batch's Redis work takes five round trips
 * whatever its size: replied marks, triage counters, status changes, and after commit the
 * marks and progress. A request that cannot be answered (its generator fails for good,
 * see {@link ReplyGenerator}) is dead-lettered with the reason instead of holding its
 * partition; an unavailable Redis or Kafka rolls the batch back to be retried.
 */
@Component
class ReplyListener {

	private static final Logger LOG = LoggerFactory.getLogger(ReplyListener.class);

	private static final String SERVICE = "agent-processor-service";

	private final Triager triager;

	private final ReplyGenerator generator;

	private final ReplyShaper shaper;

	private final KafkaTemplate<String, Object> kafka;

	private final DeadLetters deadLetters;

	/**
	 * The done-mark of a reply, and the reply listed on its ticket. A ticket closed
	 * before its reply was marked (a person closed it while the request waited) already
	 * counts down to its expiry; its replies set takes the same time left (the one it
	 * already had, if the close found the set), so it does not outlive its ticket.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> MARK_REPLIED = RedisScript.of("""
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			local added = redis.call('SADD', KEYS[2], ARGV[1])
			local left = redis.call('PTTL', KEYS[3])
			if left > 0 then redis.call('PEXPIRE', KEYS[2], left) end
			return {added}
			""", List.class);

	private static final Duration REPLIED_MARK_RETENTION = Duration.ofDays(7);

	private final ScriptPipeline pipeline;

	private final TicketDesk desk;

	private final MessageProgress progress;

	private final MeterRegistry meters;

	private final Timer endToEnd;

	private final Clock clock = Clock.systemUTC();

	ReplyListener(Triager triager, ReplyGenerator generator, ReplyShaper shaper, TransactionalStage replyStage,
			ScriptPipeline pipeline, TicketDesk desk, MessageProgress progress, MeterRegistry meters) {
		this.desk = desk;
		this.triager = triager;
		this.generator = generator;
		this.shaper = shaper;
		this.kafka = replyStage.template();
		this.deadLetters = replyStage.deadLetters();
		this.pipeline = pipeline;
		this.progress = progress;
		this.meters = meters;
		this.endToEnd = Timer.builder("tributary.pipeline.reply.latency")
			.description("From the message's receipt at intake to its reply committed to processing.responses.out")
			.publishPercentileHistogram()
			.register(meters);
	}

	// Read when the container would start, not in a bean condition: the service runs
	// AOT-processed, whose conditions are fixed at build time.
	@KafkaListener(id = "agent-processor-replies", topics = "processing.tickets.in",
			containerFactory = "replyContainerFactory", autoStartup = "${tributary.agent.replies.enabled:true}")
	void reply(List<ConsumerRecord<String, Object>> records) {
		Set<String> inThisBatch = new HashSet<>();
		Map<String, ConsumerRecord<String, Object>> recordOf = new HashMap<>();
		List<TicketRequested> candidates = new ArrayList<>(records.size());
		for (ConsumerRecord<String, Object> record : records) {
			DeserializationException unreadable = DeadLetters.unreadable(record);
			if (unreadable != null) {
				this.deadLetters.send(record, DeadLetters.reasonOf(unreadable), unreadable);
			}
			else if (!(record.value() instanceof TicketRequested request)) {
				String reason = "event: expected io.tributary.ticket.requested.v1 on " + record.topic();
				this.deadLetters.send(record, reason, new IllegalArgumentException(reason));
			}
			else if (inThisBatch.add(request.messageId())) {
				candidates.add(request);
				recordOf.put(request.messageId(), record);
			}
			else {
				this.meters.counter("tributary.agent.replies.duplicates").increment();
			}
		}
		List<TicketRequested> requests = notYetReplied(candidates);
		List<ScriptPipeline.Reply> recentContacts = this.triager.countRecentContacts(requests);
		Instant now = Instant.now(this.clock);
		List<Answer> answers = new ArrayList<>(requests.size());
		List<MessageProgress.Update> rejected = new ArrayList<>();
		for (int i = 0; i < requests.size(); i++) {
			TicketRequested request = requests.get(i);
			try {
				answers.add(answer(request, this.triager.triage(request, recentContacts.get(i)), now));
			}
			catch (RuntimeException ex) {
				if (RecordFailures.isTransient(ex)) {
					throw ex;
				}
				// Every retry would fail the same way and hold the partition: this one
				// request goes to the DLT with the reason, the rest of the batch goes on.
				refuse(recordOf.get(request.messageId()), request, RecordFailures.reason("could not be answered", ex),
						ex, rejected);
			}
		}
		List<TicketDesk.Outcome> outcomes = this.desk.changeStatuses(answers.stream()
			.map((answer) -> new TicketDesk.StatusChange(answer.request().ticketId(), answer.status(),
					answer.statusReason(), now, answer.request().messageId()))
			.toList());
		List<Answer> answered = new ArrayList<>(answers.size());
		for (int i = 0; i < answers.size(); i++) {
			Answer answer = answers.get(i);
			TicketDesk.Outcome outcome = outcomes.get(i);
			if (outcome.refused() != null) {
				String reason = "could not be answered: Redis refused the ticket's status change: " + outcome.refused();
				refuse(recordOf.get(answer.request().messageId()), answer.request(), reason,
						new IllegalStateException(reason), rejected);
				continue;
			}
			publish(answer, outcome, now);
			answered.add(answer);
		}
		// Only once the replies are committed: a batch that rolls back leaves no mark, so
		// its requests are answered again (with the same reply ids).
		AfterCommit.run("mark " + answered.size() + " replies", () -> {
			markReplied(answered);
			this.progress.recordAll(rejected);
		});
	}

	private void refuse(ConsumerRecord<String, Object> record, TicketRequested request, String reason,
			Exception failure, List<MessageProgress.Update> rejected) {
		LOG.warn("Dead-lettered the ticket request of {}: {}", request.messageId(), reason);
		this.deadLetters.send(record, reason, failure);
		rejected.add(new MessageProgress.Update(request.messageId(), Stage.REJECTED, Map.of("reason", reason)));
	}

	/**
	 * The requests of the batch that have no committed reply yet, in one round trip of
	 * plain {@code EXISTS} commands (a script call would cost Redis more for the same
	 * read).
	 */
	private List<TicketRequested> notYetReplied(List<TicketRequested> candidates) {
		List<ScriptPipeline.Command> checks = new ArrayList<>(candidates.size());
		for (TicketRequested request : candidates) {
			byte[] key = repliedKey(request).getBytes(StandardCharsets.UTF_8);
			checks.add((redis) -> redis.exists(key));
		}
		List<Object> replied = this.pipeline.runCommands(checks);
		List<TicketRequested> requests = new ArrayList<>(candidates.size());
		for (int i = 0; i < candidates.size(); i++) {
			if (Long.valueOf(0).equals(replied.get(i))) {
				requests.add(candidates.get(i));
			}
			else {
				this.meters.counter("tributary.agent.replies.duplicates").increment();
			}
		}
		return requests;
	}

	/**
	 * The request's reply, built in full here (the generator is pluggable, and what it
	 * returns is checked as the event is made), so that a request that cannot be answered
	 * fails before anything of it is published.
	 */
	private Answer answer(TicketRequested request, Triage triage, Instant now) {
		DraftReply draft = this.generator.draft(request, triage);
		List<String> reasons = new ArrayList<>(triage.escalationReasons());
		if (draft.kind() == ReplyKind.ACKNOWLEDGEMENT && reasons.isEmpty()) {
			reasons.add(String.format("low answer confidence: %.2f", draft.confidence()));
		}
		ShapedReply shaped = this.shaper.shape(request, draft);
		String replyId = Answer.replyIdOf(request);
		ReplyPrepared reply = new ReplyPrepared(request.metadata().next(replyId, now), replyId, request.ticketId(),
				request.customerId(), request.messageId(), request.channel(), request.contactKey(), shaped.subject(),
				shaped.body(), draft.kind(), draft.confidence(), shaped.threading());
		return new Answer(request, triage, draft, reply, List.copyOf(reasons));
	}

	private void publish(Answer answer, TicketDesk.Outcome status, Instant now) {
		TicketRequested request = answer.request();
		DraftReply draft = answer.draft();
		Triage triage = answer.triage();
		EventMetadata cause = request.metadata();
		String replyId = answer.replyId();
		this.kafka.send(Topic.RESPONSES_OUT.topicName(), request.ticketId(), answer.reply());
		Map<String, String> audited = new HashMap<>(Map.of("replyId", replyId, "kind", draft.kind().name(), "category",
				triage.category(), "priority", triage.priority().name()));
		if (status.moved()) {
			this.kafka.send(Topic.TICKETS_OUT.topicName(), request.ticketId(), new TicketStatusChanged(
					cause.next(TicketDesk.moveEventId(request.messageId(), answer.status()), now), request.ticketId(),
					request.customerId(), status.previous(), answer.status(), answer.statusReason()));
			TicketDesk.audit(audited, status.previous(), answer.status());
		}
		if (!answer.reasons().isEmpty()) {
			this.kafka.send(Topic.ALERTS.topicName(), "agent-processor",
					new AlertRaised(cause.next("alert-escalated-" + request.messageId(), now), "agent-processor",
							"ticket.escalated:" + request.ticketId(),
							(triage.priority() == Priority.URGENT) ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
							"Ticket " + request.ticketId() + " needs a person (" + triage.category() + ")",
							String.join("; ", answer.reasons()), Map.of("ticketId", request.ticketId(), "customerId",
									request.customerId(), "messageId", request.messageId())));
		}
		this.kafka.send(Topic.AUDIT.topicName(), cause.correlationId(),
				new AuditEntryRecorded(cause.next("audit-reply-" + request.messageId(), now), SERVICE, "reply.prepared",
						request.messageId(), request.ticketId(), request.customerId(), audited));
		this.meters
			.counter("tributary.agent.replies.prepared", "kind", draft.kind().name(), "category", triage.category())
			.increment();
		LOG.debug("Prepared {} {} for ticket {} ({})", draft.kind(), replyId, request.ticketId(), answer.status());
	}

	private void markReplied(List<Answer> answers) {
		List<ScriptPipeline.Call> marks = new ArrayList<>(answers.size());
		List<MessageProgress.Update> progressed = new ArrayList<>(answers.size());
		for (Answer answer : answers) {
			TicketRequested request = answer.request();
			String ticketKey = TicketDesk.ticketKey(request.ticketId());
			marks.add(new ScriptPipeline.Call(List.of(repliedKey(request), ticketKey + ":replies", ticketKey),
					List.of(answer.replyId(), Long.toString(REPLIED_MARK_RETENTION.toMillis()))));
			progressed.add(new MessageProgress.Update(request.messageId(), Stage.REPLIED,
					Map.of("replyId", answer.replyId())));
		}
		this.pipeline.run(MARK_REPLIED, marks);
		this.progress.recordAll(progressed);
		Instant now = Instant.now(this.clock);
		for (Answer answer : answers) {
			// From intake's receipt to the committed reply: the pipeline's end-to-end
			// latency.
			this.endToEnd.record(Duration.between(answer.request().receivedAt(), now));
		}
	}

	private static String repliedKey(TicketRequested request) {
		return "reply:{" + request.ticketId() + "}:" + request.messageId();
	}

	/**
	 * What a request gets: its triage, the drafted and shaped reply, and why a person
	 * must take over (empty when the reply answers it).
	 */
	private record Answer(TicketRequested request, Triage triage, DraftReply draft, ReplyPrepared reply,
			List<String> reasons) {

		static String replyIdOf(TicketRequested request) {
			return "rep-" + request.messageId();
		}

		String replyId() {
			return replyIdOf(this.request);
		}

		TicketStatus status() {
			return this.reasons.isEmpty() ? TicketStatus.REPLIED : TicketStatus.ESCALATED;
		}

		String statusReason() {
			return this.reasons.isEmpty() ? "answered from " + this.draft.source() : String.join("; ", this.reasons);
		}

	}

}
