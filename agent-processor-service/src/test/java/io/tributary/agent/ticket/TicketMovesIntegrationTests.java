package io.tributary.agent.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.ticket.TicketStatus;
import io.tributary.infra.junit.WithKafkaAndRedis;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ticket moves against the real Redis, called directly as a batch (and its retry after a
 * rollback) would call them.
 */
@WithKafkaAndRedis
@SpringBootTest
class TicketMovesIntegrationTests {

	@Autowired
	private TicketDesk desk;

	@Autowired
	private MessagePlacement placement;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private TicketProperties ticketProperties;

	private int moves;

	@Test
	void movesFollowTheLifecycleAndAMoveAskedForAgainByItsCauseIsReportedAgain() {
		String ticketId = "tkt-" + UUID.randomUUID();
		this.redis.opsForHash().putAll(TicketDesk.ticketKey(ticketId), Map.of("customerId", "cus-1", "status", "OPEN"));

		assertThat(move(ticketId, TicketStatus.REPLIED, "m1")).isEqualTo(moved(TicketStatus.OPEN));
		// The batch of m1 rolled back and is retried: its move, and so its event, again.
		assertThat(move(ticketId, TicketStatus.REPLIED, "m1")).isEqualTo(moved(TicketStatus.OPEN));
		assertThat(move(ticketId, TicketStatus.REPLIED, "m2")).isEqualTo(stayed(TicketStatus.REPLIED));
		assertThat(move(ticketId, TicketStatus.ESCALATED, "m3")).isEqualTo(moved(TicketStatus.REPLIED));
		assertThat(move(ticketId, TicketStatus.REPLIED, "m4")).as("an escalated ticket stays escalated")
			.isEqualTo(stayed(TicketStatus.ESCALATED));
		assertThat(move(ticketId, TicketStatus.REPLIED, "m1")).as("m1 retried after the ticket moved on")
			.isEqualTo(moved(TicketStatus.OPEN));
		assertThat(move(ticketId, TicketStatus.CLOSED, "admin-api")).isEqualTo(moved(TicketStatus.ESCALATED));
		assertThat(move(ticketId, TicketStatus.ESCALATED, "m5")).isEqualTo(stayed(TicketStatus.CLOSED));

		assertThat(this.desk.ticket(ticketId)).containsEntry("status", "CLOSED");
		assertThat(this.redis.opsForZSet().range(TicketDesk.ticketKey(ticketId) + ":history", 0, -1))
			.extracting((member) -> member.substring(0, member.indexOf('|')))
			.containsExactly("REPLIED", "ESCALATED", "CLOSED");
	}

	@Test
	void aTicketMovedWithoutItsOpeningExpiresAsAClosedTicketWould() {
		String ticketId = "tkt-" + UUID.randomUUID();
		String key = TicketDesk.ticketKey(ticketId);

		assertThat(move(ticketId, TicketStatus.ESCALATED, "late-replay")).isEqualTo(moved(null));

		assertThat(this.desk.ticket(ticketId)).containsEntry("status", "ESCALATED");
		for (String part : List.of("", ":history", ":changes")) {
			assertThat(this.redis.getExpire(key + part, TimeUnit.MILLISECONDS)).as(key + part)
				.isBetween(1L, this.ticketProperties.closedRetention().toMillis());
		}
	}

	@Test
	void theCustomerWritingAgainAfterAReplyMovesTheTicketToAwaitingReplyOnceEvenWhenRetried() {
		String contact = "again-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		MessageNormalized first = message(contact, "Can I get a copy of my invoice?", Instant.now());
		MessageNormalized second = message(contact, "And one for last month too?", Instant.now());

		TicketAssignment opened = this.placement.placeAll(List.of(first)).get(0).ticket();
		assertThat(opened.newTicket()).isTrue();
		assertThat(opened.awaitingReplyFrom()).isNull();
		TicketAssignment beforeAnyReply = this.placement.placeAll(List.of(second)).get(0).ticket();
		assertThat(beforeAnyReply.ticketId()).isEqualTo(opened.ticketId());
		assertThat(beforeAnyReply.awaitingReplyFrom()).as("an open ticket already awaits its reply").isNull();

		move(opened.ticketId(), TicketStatus.REPLIED, first.messageId());
		MessageNormalized third = message(contact, "Sorry, one more: the one from May?", Instant.now().plusSeconds(60));
		TicketAssignment joined = this.placement.placeAll(List.of(third)).get(0).ticket();
		TicketAssignment retried = this.placement.placeAll(List.of(third)).get(0).ticket();

		assertThat(joined.ticketId()).isEqualTo(opened.ticketId());
		assertThat(joined.awaitingReplyFrom()).isEqualTo(TicketStatus.REPLIED);
		assertThat(retried.awaitingReplyFrom()).as("the same message's batch, retried").isEqualTo(TicketStatus.REPLIED);
		assertThat(this.desk.ticket(opened.ticketId())).containsEntry("status", "AWAITING_REPLY");
		assertThat(this.redis.opsForZSet().range(TicketDesk.ticketKey(opened.ticketId()) + ":history", 0, -1))
			.extracting((member) -> member.substring(0, member.indexOf('|')))
			.containsExactly("OPEN", "REPLIED", "AWAITING_REPLY");
	}

	private TicketDesk.Outcome move(String ticketId, TicketStatus status, String cause) {
		// One second apart, so the history's order is the moves' order.
		Instant at = Instant.now().plusSeconds(this.moves++);
		return this.desk
			.changeStatuses(List.of(new TicketDesk.StatusChange(ticketId, status, "test move by " + cause, at, cause)))
			.get(0);
	}

	private static TicketDesk.Outcome moved(TicketStatus from) {
		return new TicketDesk.Outcome(from, true);
	}

	private static TicketDesk.Outcome stayed(TicketStatus at) {
		return new TicketDesk.Outcome(at, false);
	}

	private static MessageNormalized message(String contact, String text, Instant receivedAt) {
		String id = "msg-" + UUID.randomUUID();
		return new MessageNormalized(EventMetadata.first(id, receivedAt).next("norm-" + id, receivedAt), id,
				Channel.WEB_FORM, "test", null, contact, "Ana", contact, null, "Invoice", text, EmailThreading.none(),
				List.of(), "sha256:" + id, receivedAt);
	}

}
