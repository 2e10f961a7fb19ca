package io.tributary.agent.ticket;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ticketing settings.
 *
 * @param openWindow how long after its last message a customer's ticket on a channel is
 * still joined by new messages on that channel
 * @param threadRetention how long an email Message-ID keeps pointing at its ticket, for
 * threading
 * @param concurrency consumer threads of the ticketing stage (at most the partition count
 * is useful)
 * @param enabled whether this instance runs the ticketing stage (off for an instance that
 * only answers, when the stages are deployed apart)
 * @param autoCloseAfter how long a REPLIED ticket stays open without a new message from
 * the customer before it is closed ({@code 0} never closes one)
 * @param autoCloseSweep how often each instance wakes to look for such tickets; the one
 * holding the sweep lease (taken for this long) does
 * @param closedRetention how long a closed ticket (its fields, messages, history) stays
 * readable after it was closed, as long as the audit trail by default ({@code 0} keeps it
 * for ever)
 */
@ConfigurationProperties("tributary.agent.tickets")
public record TicketProperties(@DefaultValue("24h") Duration openWindow, @DefaultValue("30d") Duration threadRetention,
		@DefaultValue("2") int concurrency, @DefaultValue("true") boolean enabled,
		@DefaultValue("7d") Duration autoCloseAfter, @DefaultValue("1m") Duration autoCloseSweep,
		@DefaultValue("400d") Duration closedRetention) {

}
