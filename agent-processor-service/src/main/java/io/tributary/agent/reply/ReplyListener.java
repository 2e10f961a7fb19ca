package io.tributary.agent.reply;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import io.tributary.kit.stage.AfterCommit;
import io.tributary.kit.stage.DeadLetters;
import io.tributary.kit.stage.TransactionalStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
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
 * however often its request is delivered.
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

	private final StringRedisTemplate redis;

	private final TicketDesk desk;

	private final MessageProgress progress;

	private final MeterRegistry meters;

	private final Timer endToEnd;

	private final Clock clock = Clock.systemUTC();

	ReplyListener(Triager triager, ReplyGenerator generator, ReplyShaper shaper, TransactionalStage replyStage,
			StringRedisTemplate redis, TicketDesk desk, MessageProgress progress, MeterRegistry meters) {
		this.desk = desk;
		this.triager = triager;
		this.generator = generator;
		this.shaper = shaper;
		this.kafka = replyStage.template();
		this.deadLetters = replyStage.deadLetters();
		this.redis = redis;
		this.progress = progress;
		this.meters = meters;
		this.endToEnd = Timer.builder("tributary.pipeline.reply.latency")
			.description("From the message's receipt at intake to its reply committed to processing.responses.out")
			.publishPercentileHistogram()
			.register(meters);
	}

	@KafkaListener(id = "agent-processor-replies", topics = "processing.tickets.in",
			containerFactory = "replyContainerFactory")
	void reply(List<ConsumerRecord<String, Object>> records) {
		Set<String> inThisBatch = new HashSet<>();
		for (ConsumerRecord<String, Object> record : records) {
			DeserializationException unreadable = DeadLetters.unreadable(record);
			if (unreadable != null) {
				this.deadLetters.send(record, DeadLetters.reasonOf(unreadable), unreadable);
			}
			else if (!(record.value() instanceof TicketRequested request)) {
				String reason = "event: expected io.tributary.ticket.requested.v1 on " + record.topic();
				this.deadLetters.send(record, reason, new IllegalArgumentException(reason));
			}
			else if (inThisBatch.add(request.messageId()) && !alreadyReplied(request)) {
				handle(request);
			}
			else {
				this.meters.counter("tributary.agent.replies.duplicates").increment();
			}
		}
	}

	private void handle(TicketRequested request) {
		Triage triage = this.triager.triage(request);
		DraftReply draft = this.generator.draft(request, triage);
		List<String> reasons = new ArrayList<>(triage.escalationReasons());
		if (draft.kind() == ReplyKind.ACKNOWLEDGEMENT && reasons.isEmpty()) {
			reasons.add(String.format("low answer confidence: %.2f", draft.confidence()));
		}
		ShapedReply shaped = this.shaper.shape(request, draft);
		Instant now = Instant.now(this.clock);
		EventMetadata cause = request.metadata();
		String replyId = "rep-" + request.messageId();
		this.redis.opsForSet().add("ticket:{" + request.ticketId() + "}:replies", replyId);
		this.kafka.send(Topic.RESPONSES_OUT.topicName(), request.ticketId(),
				new ReplyPrepared(cause.next(replyId, now), replyId, request.ticketId(), request.customerId(),
						request.messageId(), request.channel(), request.contactKey(), shaped.subject(), shaped.body(),
						draft.kind(), draft.confidence(), shaped.threading()));
		TicketStatus status = reasons.isEmpty() ? TicketStatus.REPLIED : TicketStatus.ESCALATED;
		changeStatus(request, status,
				reasons.isEmpty() ? "answered from " + draft.source() : String.join("; ", reasons), cause, now);
		if (!reasons.isEmpty()) {
			this.kafka.send(Topic.ALERTS.topicName(), "agent-processor",
					new AlertRaised(cause.next("alert-escalated-" + request.messageId(), now), "agent-processor",
							"ticket.escalated:" + request.ticketId(),
							(triage.priority() == Priority.URGENT) ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
							"Ticket " + request.ticketId() + " needs a person (" + triage.category() + ")",
							String.join("; ", reasons), Map.of("ticketId", request.ticketId(), "customerId",
									request.customerId(), "messageId", request.messageId())));
		}
		this.kafka.send(Topic.AUDIT.topicName(), cause.correlationId(),
				new AuditEntryRecorded(cause.next("audit-reply-" + request.messageId(), now), SERVICE, "reply.prepared",
						request.messageId(), request.ticketId(), request.customerId(),
						Map.of("replyId", replyId, "kind", draft.kind().name(), "category", triage.category(),
								"priority", triage.priority().name())));
		AfterCommit.run("mark reply " + replyId, () -> {
			this.redis.opsForValue().set(repliedKey(request), replyId, Duration.ofDays(7));
			this.progress.record(request.messageId(), Stage.REPLIED, Map.of("replyId", replyId));
			// From intake's receipt to the committed reply: the pipeline's end-to-end
			// latency.
			this.endToEnd.record(Duration.between(request.receivedAt(), Instant.now(this.clock)));
		});
		this.meters
			.counter("tributary.agent.replies.prepared", "kind", draft.kind().name(), "category", triage.category())
			.increment();
		LOG.info("Prepared {} {} for ticket {} ({})", draft.kind(), replyId, request.ticketId(), status);
	}

	private void changeStatus(TicketRequested request, TicketStatus status, String reason, EventMetadata cause,
			Instant now) {
		String key = "ticket:{" + request.ticketId() + "}";
		Object current = this.redis.opsForHash().get(key, "status");
		TicketStatus previous = (current != null) ? TicketStatus.valueOf(current.toString()) : null;
		this.desk.recordStatus(request.ticketId(), status, reason, now);
		if (previous != status) {
			this.kafka.send(Topic.TICKETS_OUT.topicName(), request.ticketId(),
					new TicketStatusChanged(cause.next("tst-" + request.messageId() + "-" + status, now),
							request.ticketId(), request.customerId(), previous, status, reason));
		}
	}

	private boolean alreadyReplied(TicketRequested request) {
		return Boolean.TRUE.equals(this.redis.hasKey(repliedKey(request)));
	}

	private static String repliedKey(TicketRequested request) {
		return "reply:{" + request.ticketId() + "}:" + request.messageId();
	}

}
