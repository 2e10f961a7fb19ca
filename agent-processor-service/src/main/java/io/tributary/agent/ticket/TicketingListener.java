package io.tributary.agent.ticket;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.agent.dedup.DedupStore;
import io.tributary.agent.dedup.DedupVerdict;
import io.tributary.agent.identity.Resolution;
import io.tributary.events.EventMetadata;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.customer.CustomerIdentified;
import io.tributary.events.customer.CustomersMerged;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.operations.AuditEntryRecorded;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.events.ticket.TicketStatus;
import io.tributary.events.ticket.TicketStatusChanged;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.Stage;
import io.tributary.kit.stage.AfterCommit;
import io.tributary.kit.stage.DeadLetters;
import io.tributary.kit.stage.RecordFailures;
import io.tributary.kit.stage.TransactionalStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.stereotype.Component;

/**
 * Stage one of the agent processor: normalized message → dedup → identity → ticket. The
 * Redis side of a whole batch is one pipeline of scripts ({@link MessagePlacement}); each
 * poll batch is one Kafka transaction: changes of customer identities, ticket requests,
 * ticket status changes, audit entries, dead letters and the consumed offsets commit
 * together or not at all. Redis writes are idempotent (deterministic ids, SET NX, set
 * membership), so a batch retried after a crash or a rollback repeats them harmlessly;
 * the dedup done-mark and the progress are written only after commit.
 *
 * <p>
 * Redis or Kafka unavailable: the exception rolls the batch back and the container
 * retries it with backoff, the partition waits, nothing goes to the DLT. A record that is
 * not a normalized message goes to the DLT with the reason, inside the batch's
 * transaction; so does a message that every retry would fail the same way (Redis refuses
 * its placement, say, because its customer's data has the wrong type), with nothing of it
 * published and its status rejected, so that it cannot hold its partition.
 */
@Component
class TicketingListener {

	private static final Logger LOG = LoggerFactory.getLogger(TicketingListener.class);

	private static final String SERVICE = "agent-processor-service";

	private final DedupStore dedup;

	private final MessagePlacement placement;

	private final KafkaTemplate<String, Object> kafka;

	private final DeadLetters deadLetters;

	private final MessageProgress progress;

	private final MeterRegistry meters;

	private final Clock clock = Clock.systemUTC();

	TicketingListener(DedupStore dedup, MessagePlacement placement, TransactionalStage ticketingStage,
			MessageProgress progress, MeterRegistry meters) {
		this.dedup = dedup;
		this.placement = placement;
		this.kafka = ticketingStage.template();
		this.deadLetters = ticketingStage.deadLetters();
		this.progress = progress;
		this.meters = meters;
	}

	// Read when the container would start, not in a bean condition: the service runs
	// AOT-processed, whose conditions are fixed at build time.
	@KafkaListener(id = "agent-processor", topics = "ingestion.normalized.messages",
			containerFactory = "ticketingContainerFactory", autoStartup = "${tributary.agent.tickets.enabled:true}")
	void process(List<ConsumerRecord<String, Object>> records) {
		Set<String> inThisBatch = new HashSet<>();
		List<MessageNormalized> messages = new ArrayList<>(records.size());
		List<ConsumerRecord<String, Object>> sources = new ArrayList<>(records.size());
		for (ConsumerRecord<String, Object> record : records) {
			DeserializationException unreadable = DeadLetters.unreadable(record);
			if (unreadable != null) {
				reject(record, DeadLetters.reasonOf(unreadable), unreadable);
			}
			else if (!(record.value() instanceof MessageNormalized message)) {
				reject(record, "event: expected io.tributary.message.normalized.v1 on " + record.topic() + " but got "
						+ record.value().getClass().getSimpleName(), null);
			}
			else if (!inThisBatch.add(message.messageId())) {
				duplicate(message, "id", null);
			}
			else {
				messages.add(message);
				sources.add(record);
			}
		}
		List<Placement> placements = this.placement.placeAll(messages);
		List<DedupStore.Processed> done = new ArrayList<>(messages.size());
		List<MessageProgress.Update> progressed = new ArrayList<>(messages.size());
		for (int i = 0; i < messages.size(); i++) {
			MessageNormalized message = messages.get(i);
			Placement placement = placements.get(i);
			if (placement.failure() != null) {
				refuse(sources.get(i), message, "could not be placed: " + placement.failure(), null, progressed);
			}
			else if (placement.verdict() == DedupVerdict.DUPLICATE_ID) {
				duplicate(message, "id", null);
			}
			else if (placement.verdict() == DedupVerdict.DUPLICATE_CONTENT) {
				duplicate(message, "content", placement.duplicateOf());
				progressed.add(new MessageProgress.Update(message.messageId(), Stage.REJECTED, Map.of("reason",
						"same content as " + placement.duplicateOf() + " within the resubmission window")));
			}
			else {
				List<ProducerRecord<String, Object>> output;
				try {
					output = output(message, placement.customer(), placement.ticket());
				}
				catch (RuntimeException ex) {
					if (RecordFailures.isTransient(ex)) {
						throw ex;
					}
					refuse(sources.get(i), message, RecordFailures.reason("could not be ticketed", ex), ex, progressed);
					continue;
				}
				output.forEach(this.kafka::send);
				done.add(new DedupStore.Processed(message.contactKey(), message.messageId()));
				progressed.add(new MessageProgress.Update(message.messageId(), Stage.TICKETED, Map.of("ticketId",
						placement.ticket().ticketId(), "customerId", placement.customer().customerId())));
				this.meters.counter("tributary.agent.messages.ticketed", "joinedBy", placement.ticket().joinedBy())
					.increment();
			}
		}
		// Only once the batch's records and offsets are committed: a batch that rolls
		// back
		// leaves no mark, so its messages are processed again.
		AfterCommit.run("mark " + done.size() + " messages ticketed", () -> {
			this.dedup.markDone(done);
			this.progress.recordAll(progressed);
		});
	}

	/**
	 * The records a placed message yields, built in full before any is sent: a message
	 * whose events cannot be built is dead-lettered with nothing of it published.
	 */
	private List<ProducerRecord<String, Object>> output(MessageNormalized message, Resolution customer,
			TicketAssignment ticket) {
		EventMetadata cause = message.metadata();
		Instant now = Instant.now(this.clock);
		String messageId = message.messageId();
		List<ProducerRecord<String, Object>> output = new ArrayList<>(5);
		// The identities topic tells what changed about customers; which customer a
		// message belongs to travels with its ticket request.
		if (customer.changed()) {
			output.add(record(Topic.CUSTOMER_IDENTITIES, customer.customerId(),
					new CustomerIdentified(cause.next("cid-" + messageId, now), customer.customerId(), messageId,
							message.contactKey(), customer.contacts(), customer.newCustomer())));
		}
		if (!customer.mergedCustomerIds().isEmpty()) {
			output.add(record(Topic.CUSTOMER_IDENTITIES, customer.customerId(),
					new CustomersMerged(cause.next("merge-" + messageId, now), customer.customerId(),
							customer.mergedCustomerIds(), messageId, customer.contacts())));
		}
		output.add(record(Topic.TICKETS_IN, customer.customerId(),
				new TicketRequested(cause.next("treq-" + messageId, now), ticket.ticketId(), customer.customerId(),
						messageId, message.channel(), message.contactKey(), message.customerName(), message.subject(),
						message.text(), message.threading(), ticket.newTicket(), message.receivedAt())));
		if (ticket.newTicket()) {
			output.add(record(Topic.TICKETS_OUT, ticket.ticketId(),
					new TicketStatusChanged(cause.next("tst-open-" + ticket.ticketId(), now), ticket.ticketId(),
							customer.customerId(), null, TicketStatus.OPEN, "opened by message " + messageId)));
		}
		Map<String, String> details = new HashMap<>(Map.of("joinedBy", ticket.joinedBy()));
		if (ticket.awaitingReplyFrom() != null) {
			output.add(record(Topic.TICKETS_OUT, ticket.ticketId(),
					new TicketStatusChanged(
							cause.next(TicketDesk.moveEventId(messageId, TicketStatus.AWAITING_REPLY), now),
							ticket.ticketId(), customer.customerId(), ticket.awaitingReplyFrom(),
							TicketStatus.AWAITING_REPLY, "new message " + messageId + " from the customer")));
			TicketDesk.audit(details, ticket.awaitingReplyFrom(), TicketStatus.AWAITING_REPLY);
		}
		output.add(auditRecord(cause.next("audit-ticketed-" + messageId, now),
				ticket.newTicket() ? "ticket.opened" : "ticket.joined", messageId, ticket.ticketId(),
				customer.customerId(), details));
		return output;
	}

	private static ProducerRecord<String, Object> record(Topic topic, String key, Object event) {
		return new ProducerRecord<>(topic.topicName(), key, event);
	}

	/**
	 * A message that every retry would fail the same way: dead-lettered with the reason,
	 * its status rejected, and the batch goes on rather than holding the partition.
	 */
	private void refuse(ConsumerRecord<String, Object> record, MessageNormalized message, String reason,
			Exception failure, List<MessageProgress.Update> progressed) {
		reject(record, reason, (failure != null) ? failure : new IllegalStateException(reason));
		progressed.add(new MessageProgress.Update(message.messageId(), Stage.REJECTED, Map.of("reason", reason)));
	}

	private void duplicate(MessageNormalized message, String kind, String duplicateOf) {
		LOG.info("Skipped {} as a repeat ({})", message.messageId(), kind);
		this.meters.counter("tributary.agent.dedup.duplicates", "kind", kind).increment();
		if (duplicateOf != null) {
			audit(message.metadata().next("audit-duplicate-" + message.messageId(), Instant.now(this.clock)),
					"message.duplicate", message.messageId(), null, null, Map.of("duplicateOf", duplicateOf));
		}
	}

	private void reject(ConsumerRecord<String, Object> record, String reason, Exception failure) {
		LOG.warn("Dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
		this.deadLetters.send(record, reason, (failure != null) ? failure : new IllegalArgumentException(reason));
		this.meters.counter("tributary.agent.dead.letters").increment();
	}

	private void audit(EventMetadata metadata, String action, String messageId, String ticketId, String customerId,
			Map<String, String> details) {
		this.kafka.send(auditRecord(metadata, action, messageId, ticketId, customerId, details));
	}

	private static ProducerRecord<String, Object> auditRecord(EventMetadata metadata, String action, String messageId,
			String ticketId, String customerId, Map<String, String> details) {
		return record(Topic.AUDIT, metadata.correlationId(),
				new AuditEntryRecorded(metadata, SERVICE, action, messageId, ticketId, customerId, details));
	}

}
