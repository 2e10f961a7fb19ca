package io.tributary.agent.ticket;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tributary.events.EventMetadata;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.operations.AuditEntryRecorded;
import io.tributary.events.ticket.TicketStatus;
import io.tributary.events.ticket.TicketStatusChanged;
import io.tributary.kit.stage.TransactionalStage;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Closes tickets for a person (the admin API). In one Kafka transaction: the move in
 * Redis, then the ticket's {@code TicketStatusChanged} and an audit entry. The move is
 * remembered by its cause, so closing a ticket again after a failure (Kafka did not take
 * the transaction) publishes the same events, with the same ids, instead of finding the
 * ticket already closed and publishing nothing.
 */
@Component
class TicketClosing {

	private static final String CAUSE = "admin-api";

	private static final String SERVICE = "agent-processor-service";

	private final TicketDesk desk;

	private final KafkaTemplate<String, Object> kafka;

	private final Clock clock = Clock.systemUTC();

	TicketClosing(TicketDesk desk, TransactionalStage ticketDeskStage) {
		this.desk = desk;
		this.kafka = ticketDeskStage.template();
	}

	/**
	 * Closes the ticket.
	 * @param ticketId the ticket
	 * @param reason why, for its history and status event
	 * @param by who closes it, for the audit trail
	 * @return the outcome, or empty for no such ticket
	 */
	Optional<TicketDesk.Outcome> close(String ticketId, String reason, String by) {
		String customerId = (String) this.desk.ticket(ticketId).get("customerId");
		if (customerId == null) {
			return Optional.empty();
		}
		return Optional.of(this.kafka.executeInTransaction((kafka) -> {
			Instant now = Instant.now(this.clock);
			TicketDesk.Outcome outcome = this.desk
				.changeStatuses(List.of(new TicketDesk.StatusChange(ticketId, TicketStatus.CLOSED, reason, now, CAUSE)))
				.get(0);
			if (outcome.refused() != null) {
				throw new InvalidDataAccessApiUsageException(
						"Redis refused to close ticket " + ticketId + ": " + outcome.refused());
			}
			if (outcome.moved()) {
				publishClosed(kafka, new Closed(ticketId, customerId, outcome.previous(), reason, by, CAUSE), now);
			}
			return outcome;
		}));
	}

	/**
	 * A close to publish: the ticket's {@code TicketStatusChanged} and its
	 * {@code ticket.closed} audit entry.
	 *
	 * @param ticketId the ticket
	 * @param customerId its customer
	 * @param previous its status before
	 * @param reason why it was closed
	 * @param by who closed it, for the audit trail
	 * @param cause what asked for it (the admin API, the idle sweep), for the correlation
	 * id
	 */
	record Closed(String ticketId, String customerId, TicketStatus previous, String reason, String by, String cause) {
	}

	/**
	 * Publishes a close within the caller's Kafka transaction, with event ids derived
	 * from the ticket (a ticket closes once), so publishing it again gives the same ids.
	 * @param kafka the transaction's operations
	 * @param closed the close
	 * @param now when
	 */
	static void publishClosed(KafkaOperations<String, Object> kafka, Closed closed, Instant now) {
		String ticketId = closed.ticketId();
		String eventId = TicketDesk.moveEventId(ticketId, TicketStatus.CLOSED);
		EventMetadata metadata = new EventMetadata(eventId, ticketId, closed.cause() + ":" + ticketId, now);
		kafka.send(Topic.TICKETS_OUT.topicName(), ticketId, new TicketStatusChanged(metadata, ticketId,
				closed.customerId(), closed.previous(), TicketStatus.CLOSED, closed.reason()));
		Map<String, String> details = new HashMap<>(Map.of("by", closed.by()));
		TicketDesk.audit(details, closed.previous(), TicketStatus.CLOSED);
		kafka.send(Topic.AUDIT.topicName(), metadata.correlationId(),
				new AuditEntryRecorded(metadata.next("audit-closed-" + ticketId, now), SERVICE, "ticket.closed", null,
						ticketId, closed.customerId(), details));
	}

}
