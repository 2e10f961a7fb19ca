package io.tributary.agent.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import java.util.Map;

import io.tributary.events.ticket.TicketStatus;
import io.tributary.kit.redis.ScriptPipeline;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Tickets in Redis. Messages are placed on tickets by the ticketing script
 * ({@code scripts/place-message.lua}): the ticket the email answers (In-Reply-To or
 * References), else the customer's open ticket on the same channel within the window,
 * else a new ticket whose id is derived from the message id. This class records status
 * changes and reads tickets.
 *
 * <p>
 * Keys: {@code ticket:{id}} (hash: customerId, channel, status, subject, openedAt),
 * {@code ticket:{id}:messages} (set), {@code ticket:{id}:history} (sorted set),
 * {@code ticket:open:{customerId}:<channel>} → id (expires after the window),
 * {@code ticket:thread:{Message-ID}} → id.
 */
@Component
public class TicketDesk {

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CHANGE_STATUS = RedisScript.of("""
			local previous = redis.call('HGET', KEYS[1], 'status')
			redis.call('HSET', KEYS[1], 'status', ARGV[1])
			redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
			return {previous or ''}
			""", List.class);

	private final StringRedisTemplate redis;

	private final ScriptPipeline pipeline;

	public TicketDesk(StringRedisTemplate redis, ScriptPipeline pipeline) {
		this.redis = redis;
		this.pipeline = pipeline;
	}

	/**
	 * Sets tickets' statuses and appends to their status histories, in one round trip.
	 * The history is a sorted set by time whose members name the status and the reason,
	 * so recording the same change again (a retried batch) adds nothing.
	 * @param changes the changes, applied in this order
	 * @return each ticket's status before its change (null for none), in the same order
	 */
	public List<TicketStatus> changeStatuses(List<StatusChange> changes) {
		List<ScriptPipeline.Call> calls = new ArrayList<>(changes.size());
		for (StatusChange change : changes) {
			String key = ticketKey(change.ticketId());
			calls.add(new ScriptPipeline.Call(List.of(key, key + ":history"), List.of(change.status().name(),
					change.status().name() + "|" + change.reason(), Long.toString(change.at().toEpochMilli()))));
		}
		List<TicketStatus> previous = new ArrayList<>(changes.size());
		for (Object reply : this.pipeline.run(CHANGE_STATUS, calls)) {
			String status = (String) ((List<?>) reply).get(0);
			previous.add(status.isEmpty() ? null : TicketStatus.valueOf(status));
		}
		return previous;
	}

	/** The ticket's fields, for the API and for tests. */
	public Map<Object, Object> ticket(String ticketId) {
		return this.redis.opsForHash().entries(ticketKey(ticketId));
	}

	static String ticketKey(String ticketId) {
		return "ticket:{" + ticketId + "}";
	}

	/**
	 * A ticket's new status.
	 *
	 * @param ticketId the ticket
	 * @param status the new status
	 * @param reason why
	 * @param at when
	 */
	public record StatusChange(String ticketId, TicketStatus status, String reason, Instant at) {
	}

}
