package io.tributary.agent.ticket;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tributary.events.Channel;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.ticket.TicketStatus;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Places messages on tickets, in Redis. A message joins the ticket its email answers
 * (In-Reply-To or References), else the customer's open ticket on the same channel within
 * the window, else opens a new ticket whose id is derived from the message id, so
 * processing the message again finds the same ticket. Every write is idempotent (HSETNX,
 * SADD, SET).
 *
 * <p>
 * Keys: {@code ticket:{id}} (hash: customerId, channel, status, subject, openedAt),
 * {@code ticket:{id}:messages} (set), {@code ticket:open:{customerId}:<channel>} → id
 * (expires after the window), {@code ticket:thread:{Message-ID}} → id.
 */
@Component
public class TicketDesk {

	private final StringRedisTemplate redis;

	private final TicketProperties properties;

	public TicketDesk(StringRedisTemplate redis, TicketProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	public TicketAssignment place(MessageNormalized message, String customerId) {
		TicketAssignment assignment = find(message, customerId);
		String ticketId = assignment.ticketId();
		if (assignment.newTicket()) {
			String key = ticketKey(ticketId);
			this.redis.opsForHash().putIfAbsent(key, "customerId", customerId);
			this.redis.opsForHash().putIfAbsent(key, "channel", message.channel().name());
			this.redis.opsForHash().putIfAbsent(key, "openedAt", message.receivedAt().toString());
			if (message.subject() != null) {
				this.redis.opsForHash().putIfAbsent(key, "subject", message.subject());
			}
		}
		this.redis.opsForSet().add(ticketKey(ticketId) + ":messages", message.messageId());
		this.redis.opsForSet().add("customer:{" + customerId + "}:tickets", ticketId);
		if (assignment.newTicket()) {
			recordStatus(ticketId, TicketStatus.OPEN, "opened by message " + message.messageId(), message.receivedAt());
		}
		this.redis.opsForValue().set(openKey(customerId, message.channel()), ticketId, this.properties.openWindow());
		if (message.threading().messageIdHeader() != null) {
			this.redis.opsForValue()
				.set(threadKey(message.threading().messageIdHeader()), ticketId, this.properties.threadRetention());
		}
		return assignment;
	}

	/**
	 * Appends to a ticket's status history, a sorted set by time whose members name the
	 * status and the reason, so recording the same change again (a retried batch) adds
	 * nothing.
	 * @param ticketId the ticket
	 * @param status the new status
	 * @param reason why
	 * @param at when
	 */
	public void recordStatus(String ticketId, TicketStatus status, String reason, Instant at) {
		this.redis.opsForHash().put(ticketKey(ticketId), "status", status.name());
		this.redis.opsForZSet().add(ticketKey(ticketId) + ":history", status.name() + "|" + reason, at.toEpochMilli());
	}

	/** The ticket's fields, for the API and for tests. */
	public Map<Object, Object> ticket(String ticketId) {
		return this.redis.opsForHash().entries(ticketKey(ticketId));
	}

	/**
	 * Where a message goes. The ticket a message would open has an id derived from the
	 * message, so finding that very ticket (through the window or the thread index) means
	 * this message opened it in an earlier attempt whose records were aborted (a crash
	 * mid-batch): it is still the opener, and says so again with the same event ids.
	 */
	private TicketAssignment find(MessageNormalized message, String customerId) {
		String own = "tkt-" + UUID.nameUUIDFromBytes(message.messageId().getBytes(StandardCharsets.UTF_8));
		if (message.channel() == Channel.EMAIL) {
			List<String> answered = new ArrayList<>();
			if (message.threading().inReplyTo() != null) {
				answered.add(message.threading().inReplyTo());
			}
			// The most recent reference first: it is the message being answered.
			List<String> references = new ArrayList<>(message.threading().references());
			Collections.reverse(references);
			answered.addAll(references);
			for (String id : answered) {
				String ticketId = this.redis.opsForValue().get(threadKey(id));
				if (ticketId != null && !ticketId.equals(own) && !isClosed(ticketId)) {
					return new TicketAssignment(ticketId, false, "thread");
				}
			}
		}
		String open = this.redis.opsForValue().get(openKey(customerId, message.channel()));
		if (open != null && !open.equals(own) && !isClosed(open)) {
			return new TicketAssignment(open, false, "window");
		}
		return new TicketAssignment(own, true, "new");
	}

	private boolean isClosed(String ticketId) {
		return TicketStatus.CLOSED.name().equals(this.redis.opsForHash().get(ticketKey(ticketId), "status"));
	}

	static String ticketKey(String ticketId) {
		return "ticket:{" + ticketId + "}";
	}

	static String openKey(String customerId, Channel channel) {
		return "ticket:open:{" + customerId + "}:" + channel.name();
	}

	static String threadKey(String rfcMessageId) {
		return "ticket:thread:{" + rfcMessageId + "}";
	}

}
