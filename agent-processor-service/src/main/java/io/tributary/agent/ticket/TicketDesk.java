package io.tributary.agent.ticket;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;

import java.util.Map;

import io.tributary.events.ticket.TicketStatus;
import io.tributary.kit.redis.ScriptPipeline;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Tickets in Redis. Messages are placed on tickets by the ticketing script
 * ({@code scripts/place-message.lua}): the ticket the email answers (In-Reply-To or
 * References), else the customer's open ticket on the same channel within the window,
 * else a new ticket whose id is derived from the message id. This class moves tickets
 * through their lifecycle ({@link TicketStatus}) and reads them.
 *
 * <p>
 * Keys: {@code ticket:{id}} (hash: customerId, channel, status, subject, openedAt),
 * {@code ticket:{id}:messages} (set), {@code ticket:{id}:history} (sorted set),
 * {@code ticket:{id}:changes} (hash: status|cause → status before),
 * {@code ticket:open:{customerId}:<channel>} → id (expires after the window),
 * {@code ticket:thread:{Message-ID}} → id.
 */
@Component
public class TicketDesk {

	/**
	 * One move of a ticket, if the lifecycle allows it. A move is remembered by its cause
	 * in {@code ticket:{id}:changes} (status|cause → the status before), so the same
	 * cause asking again (its batch rolled back and retried) is told it made the move,
	 * and its event is published again, even if the ticket has moved on since.
	 *
	 * A move to REPLIED also (re)starts the ticket's idle time in the {@value #REPLIED}
	 * index, which {@link IdleTicketClosing} reads; moves away from REPLIED leave the
	 * entry for it to find stale and drop.
	 *
	 * A move to CLOSED starts the closed ticket's retention ({@link #EXPIRE_CLOSED}). So
	 * does a move of a ticket without a status: stage one gives every ticket it opens
	 * one, so this is a ticket whose keys have expired (a very late replay of its
	 * request) or were never written here; recreated without its opening, it would
	 * otherwise stay in Redis for ever.
	 *
	 * KEYS: ticket hash, history, changes, the REPLIED index. ARGV: status, history
	 * member, at (ms), cause, the statuses it may come from (space-separated, '-' for a
	 * ticket without one), the ticket id, closed retention (ms, '0' for ever). Reply:
	 * {status before ('' for none), '1' moved | '0' not}.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CHANGE_STATUS = RedisScript.of(TicketDesk.EXPIRE_CLOSED + """
			local field = ARGV[1] .. '|' .. ARGV[4]
			local made = redis.call('HGET', KEYS[3], field)
			if made then return {made, '1'} end
			local previous = redis.call('HGET', KEYS[1], 'status') or ''
			local from = (previous == '') and '-' or previous
			if previous == ARGV[1] or not string.find(' ' .. ARGV[5] .. ' ', ' ' .. from .. ' ', 1, true) then
			  return {previous, '0'}
			end
			redis.call('HSET', KEYS[1], 'status', ARGV[1])
			redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
			redis.call('HSET', KEYS[3], field, previous)
			if ARGV[1] == 'REPLIED' then redis.call('ZADD', KEYS[4], ARGV[3], ARGV[6]) end
			if ARGV[1] == 'CLOSED' or previous == '' then expireClosed(KEYS[1], ARGV[7]) end
			return {previous, '1'}
			""", List.class);

	/**
	 * A Lua function for the scripts that close tickets: a closed ticket is never joined
	 * or moved again (the lifecycle ends there), so its keys (hash, messages, history,
	 * changes, replies) expire after the closed retention instead of staying in Redis for
	 * ever. A retention of '0' keeps them. Its keys share the ticket's hash tag.
	 */
	static final String EXPIRE_CLOSED = """
			local function expireClosed(key, retentionMs)
			  if tonumber(retentionMs) > 0 then
			    for _, part in ipairs({'', ':messages', ':history', ':changes', ':replies'}) do
			      redis.call('PEXPIRE', key .. part, retentionMs)
			    end
			  end
			end
			""";

	/**
	 * Tickets by the time they were last REPLIED (ms): where {@link IdleTicketClosing}
	 * looks for tickets the customer has not answered.
	 */
	static final String REPLIED = "ticket:replied";

	/** Worked out once: every answer of a reply batch asks for one. */
	private static final Map<TicketStatus, String> FROM = fromEach();

	private final StringRedisTemplate redis;

	private final ScriptPipeline pipeline;

	private final String closedRetentionMs;

	public TicketDesk(StringRedisTemplate redis, ScriptPipeline pipeline, TicketProperties properties) {
		this.redis = redis;
		this.pipeline = pipeline;
		this.closedRetentionMs = Long.toString(properties.closedRetention().toMillis());
	}

	/**
	 * Moves tickets to new statuses where the lifecycle ({@link TicketStatus#canBecome})
	 * allows it, appending to their histories, in one round trip. A ticket with no status
	 * yet may become anything but CLOSED.
	 * @param changes the changes, applied in this order
	 * @return for each change, the status before it and whether the ticket moved, or the
	 * error Redis refused it with
	 */
	public List<Outcome> changeStatuses(List<StatusChange> changes) {
		List<ScriptPipeline.Call> calls = new ArrayList<>(changes.size());
		for (StatusChange change : changes) {
			String key = ticketKey(change.ticketId());
			calls.add(new ScriptPipeline.Call(List.of(key, key + ":history", key + ":changes", REPLIED),
					List.of(change.status().name(), change.status().name() + "|" + change.reason(),
							Long.toString(change.at().toEpochMilli()), change.cause(), from(change.status()),
							change.ticketId(), this.closedRetentionMs)));
		}
		List<Outcome> outcomes = new ArrayList<>(changes.size());
		for (ScriptPipeline.Reply reply : this.pipeline.runEach(CHANGE_STATUS, calls)) {
			if (reply.failed()) {
				outcomes.add(new Outcome(null, false, reply.error()));
				continue;
			}
			List<?> values = (List<?>) reply.value();
			String status = (String) values.get(0);
			outcomes
				.add(new Outcome(status.isEmpty() ? null : TicketStatus.valueOf(status), "1".equals(values.get(1))));
		}
		return outcomes;
	}

	/** The statuses a ticket may move to this one from, as the scripts take them. */
	static String from(TicketStatus status) {
		return FROM.get(status);
	}

	private static Map<TicketStatus, String> fromEach() {
		Map<TicketStatus, String> each = new EnumMap<>(TicketStatus.class);
		for (TicketStatus status : TicketStatus.values()) {
			StringBuilder from = new StringBuilder((status != TicketStatus.CLOSED) ? "-" : "");
			for (TicketStatus previous : TicketStatus.from(status)) {
				from.append((from.length() > 0) ? " " : "").append(previous.name());
			}
			each.put(status, from.toString());
		}
		return each;
	}

	/**
	 * The id of the {@code TicketStatusChanged} that publishes a move, derived from its
	 * cause, so a move published again (a retried batch, a repeated close) has the same
	 * id.
	 * @param cause what made the move (a message id, or the ticket for a close)
	 * @param status the status moved to
	 * @return the event id
	 */
	public static String moveEventId(String cause, TicketStatus status) {
		return "tst-" + cause + "-" + status;
	}

	/**
	 * Adds a move to an audit entry's details: {@code status} and, when the ticket had
	 * one, {@code previousStatus}.
	 * @param details the entry's details
	 * @param previous the status before (null for none)
	 * @param status the status now
	 */
	public static void audit(Map<String, String> details, TicketStatus previous, TicketStatus status) {
		details.put("status", status.name());
		if (previous != null) {
			details.put("previousStatus", previous.name());
		}
	}

	/**
	 * The tickets of these that still exist: a closed ticket's keys expire after the
	 * closed retention, while the customer's set of tickets keeps its id.
	 * @param ticketIds the tickets
	 * @return those whose hash exists, in their order
	 */
	public List<String> existing(Collection<String> ticketIds) {
		List<String> ids = List.copyOf(ticketIds);
		List<Object> exists = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (String id : ids) {
				connection.keyCommands().exists(ticketKey(id).getBytes(StandardCharsets.UTF_8));
			}
			return null;
		});
		List<String> existing = new ArrayList<>(ids.size());
		for (int i = 0; i < ids.size(); i++) {
			if (Boolean.TRUE.equals(exists.get(i))) {
				existing.add(ids.get(i));
			}
		}
		return existing;
	}

	/** The ticket's fields, for the API and for tests. */
	public Map<Object, Object> ticket(String ticketId) {
		return this.redis.opsForHash().entries(ticketKey(ticketId));
	}

	/**
	 * The key of a ticket's hash; its other keys append to it and share its hash tag.
	 * @param ticketId the ticket
	 * @return the key
	 */
	public static String ticketKey(String ticketId) {
		return "ticket:{" + ticketId + "}";
	}

	/**
	 * A ticket's new status.
	 *
	 * @param ticketId the ticket
	 * @param status the new status
	 * @param reason why
	 * @param at when
	 * @param cause what asks for it (a message id, or the admin API), which makes a move
	 * asked for again recognisable
	 */
	public record StatusChange(String ticketId, TicketStatus status, String reason, Instant at, String cause) {
	}

	/**
	 * What became of a status change.
	 *
	 * @param previous the ticket's status before (null for none)
	 * @param moved whether this change moved the ticket (now, or in an earlier attempt of
	 * the same cause)
	 * @param refused the error Redis refused the change with, because of the ticket's own
	 * data (a key of another type); {@code null} when it answered
	 */
	public record Outcome(TicketStatus previous, boolean moved, String refused) {

		public Outcome(TicketStatus previous, boolean moved) {
			this(previous, moved, null);
		}

	}

}
