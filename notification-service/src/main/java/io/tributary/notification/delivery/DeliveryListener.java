package io.tributary.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.events.Channel;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.operations.AlertRaised;
import io.tributary.events.operations.AlertSeverity;
import io.tributary.events.operations.AuditEntryRecorded;
import io.tributary.events.reply.DeliveryOutcome;
import io.tributary.events.reply.ReplyDeliveryCompleted;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import io.tributary.kit.stage.AfterCommit;
import io.tributary.kit.stage.DeadLetters;
import io.tributary.kit.stage.RecordFailures;
import io.tributary.kit.stage.TransientFailure;
import io.tributary.kit.stage.TransactionalStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads {@code processing.responses.out} and delivers each reply on its channel, at most
 * once per reply id ({@link DeliveryLedger}). Every outcome is published to
 * {@code processing.tickets.out} as a {@code ReplyDeliveryCompleted} and audited, in the
 * batch's Kafka transaction. A transient failure rolls the batch back and it is retried
 * with backoff; a permanent one is dead-lettered with its reason and raises an alert.
 * When a provider answers with a time to come back (429 with Retry-After), no request
 * goes to that channel before then.
 */
@Component
class DeliveryListener {

	private static final Logger LOG = LoggerFactory.getLogger(DeliveryListener.class);

	private static final String SERVICE = "notification-service";

	private final Map<Channel, ReplyChannel> channels = new EnumMap<>(Channel.class);

	private final DeliveryLedger ledger;

	private final KafkaTemplate<String, Object> kafka;

	private final DeadLetters deadLetters;

	private final MessageProgress progress;

	private final MeterRegistry meters;

	private final Clock clock = Clock.systemUTC();

	private final Map<Channel, Instant> pausedUntil = new ConcurrentHashMap<>();

	DeliveryListener(List<ReplyChannel> channels, DeliveryLedger ledger, TransactionalStage deliveryStage,
			MessageProgress progress, MeterRegistry meters) {
		channels.forEach((channel) -> this.channels.put(channel.channel(), channel));
		this.ledger = ledger;
		this.kafka = deliveryStage.template();
		this.deadLetters = deliveryStage.deadLetters();
		this.progress = progress;
		this.meters = meters;
	}

	@KafkaListener(id = "notification-delivery", topics = "processing.responses.out",
			containerFactory = "deliveryContainerFactory")
	void deliver(List<ConsumerRecord<String, Object>> records) throws Exception {
		this.deadLetters.forEachEvent(records, ReplyPrepared.class, this::deliverOrRetry);
	}

	/**
	 * A delivery that may pass later rolls the batch back to be retried; what else goes
	 * wrong with one reply (Redis refusing its keys, a bug on its data) fails it for good
	 * like a refused address: reported FAILED, dead-lettered, alerted, and the batch goes
	 * on.
	 */
	private void deliverOrRetry(ConsumerRecord<?, ?> record, ReplyPrepared reply) {
		try {
			deliver(record, reply);
		}
		catch (DeliveryException ex) {
			// deliver() handles permanent failures itself: only transient ones get here.
			throw new TransientFailure(ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			if (RecordFailures.isTransient(ex)) {
				throw ex;
			}
			failedForGood(record, reply, RecordFailures.reason("could not be delivered", ex), ex);
		}
	}

	private void deliver(ConsumerRecord<?, ?> record, ReplyPrepared reply) throws DeliveryException {
		Instant resumeAt = this.pausedUntil.get(reply.channel());
		if (resumeAt != null && Instant.now(this.clock).isBefore(resumeAt)) {
			// The provider said when to come back (429 Retry-After): no request before
			// then.
			throw DeliveryException
				.transientFailure("the " + reply.channel() + " provider asked to wait until " + resumeAt, null, null);
		}
		String state = this.ledger.claim(reply.replyId());
		if (state.startsWith("delivered:")) {
			// Sent before; its outcome may not have been committed, so publish it again
			// (same event id).
			this.meters.counter("tributary.notification.deliveries.repeated").increment();
			completed(reply, DeliveryOutcome.DELIVERED, state.substring("delivered:".length()), "delivered");
			return;
		}
		if (state.startsWith("failed:")) {
			completed(reply, DeliveryOutcome.FAILED, null, state.substring("failed:".length()));
			return;
		}
		if (state.equals("BUSY")) {
			throw DeliveryException.transientFailure("reply " + reply.replyId() + " is being sent by another instance",
					null, null);
		}
		if (state.equals("UNKNOWN")) {
			String reason = "delivery outcome unknown: an earlier attempt was interrupted while sending; not sent again to avoid a duplicate";
			this.ledger.failed(reply.replyId(), reason);
			failedForGood(record, reply, reason, new IllegalStateException(reason));
			return;
		}
		ReplyChannel channel = this.channels.get(reply.channel());
		if (channel == null) {
			String reason = "no delivery channel configured for " + reply.channel();
			this.ledger.failed(reply.replyId(), reason);
			failedForGood(record, reply, reason, new IllegalStateException(reason));
			return;
		}
		try {
			String providerId = channel.deliver(reply);
			this.ledger.delivered(reply.replyId(), providerId);
			this.meters
				.counter("tributary.notification.deliveries", "channel", reply.channel().name(), "outcome", "delivered")
				.increment();
			completed(reply, DeliveryOutcome.DELIVERED, providerId, "delivered");
		}
		catch (DeliveryException ex) {
			if (ex.isTransient()) {
				this.ledger.release(reply.replyId());
				if (ex.retryAfter() != null) {
					this.pausedUntil.put(reply.channel(), Instant.now(this.clock).plus(ex.retryAfter()));
				}
				this.meters
					.counter("tributary.notification.deliveries", "channel", reply.channel().name(), "outcome",
							"retried")
					.increment();
				LOG.warn("Delivery of {} failed for now, will retry: {}", reply.replyId(), ex.getMessage());
				throw ex;
			}
			this.ledger.failed(reply.replyId(), ex.getMessage());
			failedForGood(record, reply, ex.getMessage(), ex);
		}
	}

	private void failedForGood(ConsumerRecord<?, ?> record, ReplyPrepared reply, String reason, Exception failure) {
		LOG.warn("Delivery of {} failed for good: {}", reply.replyId(), reason);
		this.meters.counter("tributary.notification.deliveries", "channel", reply.channel().name(), "outcome", "failed")
			.increment();
		completed(reply, DeliveryOutcome.FAILED, null, reason);
		this.deadLetters.send(record, reason, failure);
		// The status endpoint is open, so its reason names no address or provider answer:
		// those stay in the delivery outcome, the dead letter and the alert.
		AfterCommit.run("record the failed delivery of " + reply.replyId(), () -> this.progress
			.record(reply.messageId(), Stage.REJECTED, Map.of("reason",
					"the reply could not be delivered by " + reply.channel() + ": see the ticket's delivery outcome")));
		Instant now = Instant.now(this.clock);
		this.kafka.send(Topic.ALERTS.topicName(), "notification-service",
				new AlertRaised(reply.metadata().next("alert-delivery-" + reply.replyId(), now), "notification-service",
						"delivery.failed:" + reply.channel(), AlertSeverity.WARNING,
						"A reply could not be delivered on " + reply.channel(), reason,
						Map.of("replyId", reply.replyId(), "ticketId", reply.ticketId())));
	}

	private void completed(ReplyPrepared reply, DeliveryOutcome outcome, String providerId, String detail) {
		Instant now = Instant.now(this.clock);
		this.kafka.send(Topic.TICKETS_OUT.topicName(), reply.ticketId(),
				new ReplyDeliveryCompleted(reply.metadata().next("del-" + reply.replyId(), now), reply.replyId(),
						reply.ticketId(), reply.channel(), outcome, providerId, detail));
		this.kafka.send(Topic.AUDIT.topicName(), reply.metadata().correlationId(),
				new AuditEntryRecorded(reply.metadata().next("audit-delivery-" + reply.replyId(), now), SERVICE,
						(outcome == DeliveryOutcome.DELIVERED) ? "reply.delivered" : "reply.failed", reply.messageId(),
						reply.ticketId(), reply.customerId(),
						Map.of("replyId", reply.replyId(), "channel", reply.channel().name())));
		if (outcome == DeliveryOutcome.DELIVERED) {
			AfterCommit.run("record delivery of " + reply.replyId(),
					() -> this.progress.record(reply.messageId(), Stage.DELIVERED, Map.of("replyId", reply.replyId())));
		}
	}

}
