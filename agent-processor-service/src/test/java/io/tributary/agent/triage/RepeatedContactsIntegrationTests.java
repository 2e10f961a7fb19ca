package io.tributary.agent.triage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tributary.events.Channel;
import io.tributary.events.EmailThreading;
import io.tributary.events.EventMetadata;
import io.tributary.events.ticket.TicketRequested;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.redis.ScriptPipeline;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Escalation on repeated contacts: the customer's recent contacts are counted in the real
 * Redis, per batch, in batch order (the configuration of the service: 3 contacts within 1
 * h escalate).
 */
@WithKafkaAndRedis
@SpringBootTest
class RepeatedContactsIntegrationTests {

	private static final Instant START = Instant.parse("2026-12-04T09:00:00Z");

	@Autowired
	private Triager triager;

	@Autowired
	private StringRedisTemplate redis;

	@Test
	void theThirdContactWithinTheWindowEscalatesAndARetriedMessageCountsOnce() {
		String customerId = "cus-" + UUID.randomUUID();
		TicketRequested first = request(customerId, START);
		TicketRequested second = request(customerId, START.plus(Duration.ofMinutes(20)));
		TicketRequested third = request(customerId, START.plus(Duration.ofMinutes(40)));

		List<ScriptPipeline.Reply> counts = this.triager.countRecentContacts(List.of(first, second, first, third));

		// The retried first message counts what was within the window at its own time,
		// and is not counted again: the third sees three contacts, not four.
		assertThat(counts).extracting(ScriptPipeline.Reply::value).containsExactly(1L, 2L, 1L, 3L);
		assertThat(this.triager.triage(second, counts.get(1)).escalationReasons()).isEmpty();
		Triage escalated = this.triager.triage(third, counts.get(3));
		assertThat(escalated.escalationReasons()).containsExactly("repeated contacts: 3 within PT1H");
		assertThat(escalated.priority()).isEqualTo(Priority.HIGH);
		// Kept for twice the window, then gone with the customer's silence.
		assertThat(this.redis.getExpire(key(customerId))).isBetween(Duration.ofMinutes(119).toSeconds(),
				Duration.ofHours(2).toSeconds());
	}

	@Test
	void contactsOlderThanTheWindowAreNotCountedAndOlderThanTwiceItAreDropped() {
		String customerId = "cus-" + UUID.randomUUID();
		TicketRequested early = request(customerId, START);
		TicketRequested later = request(customerId, START.plus(Duration.ofMinutes(50)));
		TicketRequested afterTheWindow = request(customerId, START.plus(Duration.ofMinutes(70)));
		TicketRequested muchLater = request(customerId, START.plus(Duration.ofMinutes(171)));

		List<ScriptPipeline.Reply> counts = this.triager
			.countRecentContacts(List.of(early, later, afterTheWindow, muchLater));

		assertThat(counts).extracting(ScriptPipeline.Reply::value).containsExactly(1L, 2L, 2L, 1L);
		// At 2 h 51 min, everything up to 51 min is older than twice the window.
		assertThat(this.redis.opsForZSet().range(key(customerId), 0, -1))
			.containsExactlyInAnyOrder(afterTheWindow.messageId(), muchLater.messageId());
	}

	@Test
	void aCustomerWhoseKeyRedisRefusesFailsAloneAndTheOthersAreCounted() {
		String customerId = "cus-" + UUID.randomUUID();
		String brokenCustomer = "cus-" + UUID.randomUUID();
		this.redis.opsForValue().set(key(brokenCustomer), "written by hand");
		TicketRequested before = request(customerId, START);
		TicketRequested broken = request(brokenCustomer, START);
		TicketRequested after = request(customerId, START.plus(Duration.ofMinutes(1)));

		List<ScriptPipeline.Reply> counts = this.triager.countRecentContacts(List.of(before, broken, after));

		assertThat(counts.get(0).value()).isEqualTo(1L);
		assertThat(counts.get(1).failed()).isTrue();
		assertThat(counts.get(1).error()).contains("WRONGTYPE");
		assertThat(counts.get(2).value()).isEqualTo(2L);
		assertThatExceptionOfType(ScriptPipeline.CallRefused.class)
			.isThrownBy(() -> this.triager.triage(broken, counts.get(1)))
			.withMessageContaining("WRONGTYPE");
		assertThat(this.redis.opsForValue().get(key(brokenCustomer))).isEqualTo("written by hand");
	}

	private static String key(String customerId) {
		return "triage:{" + customerId + "}:contacts";
	}

	private static TicketRequested request(String customerId, Instant receivedAt) {
		String messageId = "msg-" + UUID.randomUUID();
		return new TicketRequested(EventMetadata.first(messageId, receivedAt).next("treq-" + messageId, receivedAt),
				"tkt-" + UUID.randomUUID(), customerId, messageId, Channel.WEB_FORM, "ana@example.com", "Ana Ruiz",
				"A question", "Hello, a short question about my account.", EmailThreading.none(), true, receivedAt);
	}

}
