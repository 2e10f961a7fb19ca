package io.tributary.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.events.catalogue.EventType;
import io.tributary.events.customer.CustomerIdentified;
import io.tributary.events.customer.CustomersMerged;
import io.tributary.events.message.BodyFormat;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.message.MessageReceived;
import io.tributary.events.message.MessageValidated;
import io.tributary.events.message.Sender;
import io.tributary.events.message.ValidationOutcome;
import io.tributary.events.operations.AlertRaised;
import io.tributary.events.operations.AlertSeverity;
import io.tributary.events.operations.AuditEntryRecorded;
import io.tributary.events.operations.MetricsSnapshotTaken;
import io.tributary.events.reply.DeliveryOutcome;
import io.tributary.events.reply.ReplyDeliveryCompleted;
import io.tributary.events.reply.ReplyKind;
import io.tributary.events.reply.ReplyPrepared;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.events.ticket.TicketStatus;
import io.tributary.events.ticket.TicketStatusChanged;

/**
 * One fully populated, valid event of every catalogued type.
 */
public final class SampleEvents {

	private static final Instant AT = Instant.parse("2026-11-22T10:15:30.123Z");

	private static final EventMetadata FIRST = EventMetadata.first("msg-1", AT);

	private static final EmailThreading THREADING = new EmailThreading("abc@mail.example", "prev@mail.example",
			List.of("root@mail.example", "prev@mail.example"));

	private SampleEvents() {
	}

	public static TributaryEvent of(EventType type) {
		return switch (type) {
			case MESSAGE_RECEIVED -> new MessageReceived(FIRST, "msg-1", Channel.EMAIL, "postmark", "pm-77",
					"ana@example.com", new Sender("Ana Ruiz", "Ana@Example.com", null), "Refund", "<p>Hello</p>",
					BodyFormat.HTML, THREADING, List.of(new Attachment("invoice.pdf", "application/pdf", 2048)), AT,
					Map.of("category", "billing"));
			case MESSAGE_NORMALIZED -> new MessageNormalized(FIRST.next("norm-msg-1", AT), "msg-1", Channel.EMAIL,
					"postmark", "pm-77", "ana@example.com", "Ana Ruiz", "ana@example.com", null, "Refund", "Hello",
					THREADING, List.of(new Attachment("invoice.pdf", "application/pdf", 2048)), "sha256:abc", AT);
			case MESSAGE_VALIDATED -> new MessageValidated(FIRST.next("val-msg-1", AT), "msg-1", Channel.EMAIL,
					ValidationOutcome.REJECTED, List.of("sender: not a valid email address"));
			case CUSTOMER_IDENTIFIED -> new CustomerIdentified(FIRST.next("cid-msg-1", AT), "cus-1", "msg-1",
					"ana@example.com", List.of("ana@example.com", "+34600111222"), true);
			case CUSTOMERS_MERGED -> new CustomersMerged(FIRST.next("merge-msg-1", AT), "cus-1", List.of("cus-2"),
					"msg-1", List.of("ana@example.com", "+34600111222"));
			case TICKET_REQUESTED -> new TicketRequested(FIRST.next("treq-msg-1", AT), "tkt-1", "cus-1", "msg-1",
					Channel.EMAIL, "ana@example.com", "Ana Ruiz", "Refund", "Hello", THREADING, true, AT);
			case TICKET_STATUS_CHANGED -> new TicketStatusChanged(FIRST.next("tst-1", AT), "tkt-1", "cus-1",
					TicketStatus.OPEN, TicketStatus.ESCALATED, "keyword: refund");
			case REPLY_PREPARED ->
				new ReplyPrepared(FIRST.next("rep-msg-1", AT), "rep-msg-1", "tkt-1", "cus-1", "msg-1", Channel.EMAIL,
						"ana@example.com", "Re: Refund", "Hi Ana, ...", ReplyKind.ANSWER, 0.82, THREADING);
			case REPLY_DELIVERY_COMPLETED -> new ReplyDeliveryCompleted(FIRST.next("del-rep-msg-1", AT), "rep-msg-1",
					"tkt-1", Channel.EMAIL, DeliveryOutcome.DELIVERED, "smtp-1", "250 OK");
			case ALERT_RAISED -> new AlertRaised(FIRST.next("alert-1", AT), "agent-processor", "ticket.escalated",
					AlertSeverity.WARNING, "Ticket escalated", "negative sentiment", Map.of("ticketId", "tkt-1"));
			case AUDIT_ENTRY_RECORDED -> new AuditEntryRecorded(FIRST.next("audit-1", AT), "intake", "message.accepted",
					"msg-1", null, null, Map.of("channel", "EMAIL"));
			case METRICS_SNAPSHOT_TAKEN -> new MetricsSnapshotTaken(FIRST.next("metrics-1", AT), "intake", "intake-0",
					Map.of("http.requests", 1200.0, "publish.p99.ms", 4.5));
		};
	}

}
