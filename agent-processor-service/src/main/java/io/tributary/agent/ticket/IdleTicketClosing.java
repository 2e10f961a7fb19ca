package io.tributary.agent.ticket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.events.ticket.TicketStatus;
import io.tributary.kit.periodic.PeriodicTask;
import io.tributary.kit.redis.ScriptPipeline;
import io.tributary.kit.stage.TransactionalStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Closes tickets the automatic reply answered and the customer never came back to: a
 * ticket REPLIED for {@code tributary.agent.tickets.auto-close-after} (7 days) without a
 * new message from the customer. A new message moves it to AWAITING_REPLY first, and a
 * person's tickets (OPEN, AWAITING_REPLY, ESCALATED) are never closed this way.
 *
 * <p>
 * Every instance wakes every {@code auto-close-sweep} (1 minute), and the one that takes
 * the sweep lease ({@value #LEASE}, held for one sweep interval) sweeps, in batches of
 * {@value #BATCH}: one script finds the tickets idle since before the cut-off in the
 * REPLIED index and closes those still REPLIED, and the closes are published (status
 * change and audit entry) in one Kafka transaction. Only once that commits are the swept
 * entries dropped from the index, so a sweep that fails (Kafka or Redis down) or dies is
 * done again by the next one: the close is remembered by its cause, as every move is, and
 * published again with the same event ids.
 *
 * <p>
 * Without the lease, two instances sweeping at once would both find a ticket the other
 * had closed but not yet dropped from the index, and both publish its close. A sweep that
 * outlasts its lease (Kafka slow to take the transaction) can still overlap the next
 * instance's; the duplicate close then carries the same event ids (the audit trail keeps
 * an entry once per id).
 */
@Component
class IdleTicketClosing implements SmartLifecycle {

	private static final Logger LOG = LoggerFactory.getLogger(IdleTicketClosing.class);

	static final String CAUSE = "auto-close";

	private static final int BATCH = 100;

	/**
	 * Whoever holds this key sweeps; it expires one sweep interval after it was taken.
	 */
	static final String LEASE = "ticket:replied:sweep-lease";

	/** At most this many batches per sweep, so that a sweep stays short. */
	private static final int BATCHES_PER_SWEEP = 10;

	/**
	 * KEYS: the REPLIED index. ARGV: cut-off (ms), at (ms), history member, limit, cause,
	 * closed retention (ms). Reply: {ticket id, customer id ('' if unknown), '1' closed
	 * (now or by an earlier sweep) | '0' not REPLIED any more} for each ticket idle since
	 * before the cut-off.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CLOSE_IDLE = RedisScript.of(TicketDesk.EXPIRE_CLOSED + """
			local swept = {}
			for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[4]))) do
			  local key = 'ticket:{' .. id .. '}'
			  local field = 'CLOSED|' .. ARGV[5]
			  local closed = '0'
			  if redis.call('HGET', key .. ':changes', field) then
			    closed = '1'
			  elseif redis.call('HGET', key, 'status') == 'REPLIED' then
			    redis.call('HSET', key, 'status', 'CLOSED')
			    redis.call('ZADD', key .. ':history', ARGV[2], ARGV[3])
			    redis.call('HSET', key .. ':changes', field, 'REPLIED')
			    expireClosed(key, ARGV[6])
			    closed = '1'
			  end
			  table.insert(swept, {id, redis.call('HGET', key, 'customerId') or '', closed})
			end
			return swept
			""", List.class);

	/**
	 * Takes the lease, or renews it when this instance holds it. KEYS: the lease. ARGV:
	 * this instance, the lease's time (ms). Reply: {1} taken or renewed, {0} held by
	 * another.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> TAKE_LEASE = RedisScript.of("""
			if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1} end
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  redis.call('PEXPIRE', KEYS[1], ARGV[2])
			  return {1}
			end
			return {0}
			""", List.class);

	/**
	 * Drops swept tickets from the index, unless replied to again since (a later score).
	 * KEYS: the REPLIED index. ARGV: cut-off (ms), ticket ids.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> FORGET = RedisScript.of("""
			for i = 2, #ARGV do
			  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
			  if score and tonumber(score) <= tonumber(ARGV[1]) then redis.call('ZREM', KEYS[1], ARGV[i]) end
			end
			return {}
			""", List.class);

	private final ScriptPipeline pipeline;

	private final KafkaTemplate<String, Object> kafka;

	private final TicketProperties properties;

	private final Counter closed;

	private final Clock clock = Clock.systemUTC();

	/** This instance, as the lease's holder. */
	private final String instance = UUID.randomUUID().toString();

	private PeriodicTask scheduler;

	IdleTicketClosing(ScriptPipeline pipeline, TransactionalStage ticketDeskStage, TicketProperties properties,
			MeterRegistry meters) {
		this.pipeline = pipeline;
		this.kafka = ticketDeskStage.template();
		this.properties = properties;
		this.closed = Counter.builder("tributary.agent.tickets.auto.closed")
			.description("Tickets closed because the customer did not write again after the reply")
			.register(meters);
	}

	@Override
	public boolean isAutoStartup() {
		return !this.properties.autoCloseAfter().isZero();
	}

	@Override
	public synchronized void start() {
		this.scheduler = PeriodicTask.start("idle-ticket-closing", this.properties.autoCloseSweep(), this::sweep);
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.stop();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	private void sweep() {
		// A task that throws is never run again by its executor: a failed sweep is logged
		// and the next one tries again.
		try {
			sweepIfLeaseTaken(Instant.now(this.clock));
		}
		catch (RuntimeException ex) {
			LOG.warn("Sweep for idle tickets failed, the next one will try again: {}", ex.toString());
		}
	}

	/**
	 * Sweeps as of the given time if this instance takes the sweep lease (or holds it).
	 * @param now the time to measure idleness against
	 * @return how many tickets this sweep closed, or empty when another instance holds
	 * the lease and this one did not sweep
	 */
	OptionalInt sweepIfLeaseTaken(Instant now) {
		List<?> taken = (List<?>) this.pipeline
			.run(TAKE_LEASE,
					List.of(new ScriptPipeline.Call(List.of(LEASE),
							List.of(this.instance, Long.toString(this.properties.autoCloseSweep().toMillis())))))
			.get(0);
		if (!Long.valueOf(1).equals(taken.get(0))) {
			return OptionalInt.empty();
		}
		return OptionalInt.of(closeIdle(now));
	}

	/**
	 * Closes the tickets REPLIED for longer than the setting as of the given time.
	 * @param now the time to measure idleness against
	 * @return how many tickets this sweep closed
	 */
	int closeIdle(Instant now) {
		Instant cutoff = now.minus(this.properties.autoCloseAfter());
		int closedNow = 0;
		for (int batch = 0; batch < BATCHES_PER_SWEEP; batch++) {
			List<List<String>> swept = closeBatch(cutoff, now);
			int closedInBatch = (int) swept.stream().filter((row) -> "1".equals(row.get(2))).count();
			this.closed.increment(closedInBatch);
			closedNow += closedInBatch;
			if (swept.size() < BATCH) {
				break;
			}
		}
		if (closedNow > 0) {
			LOG.info("Closed {} tickets the customer had not answered since the reply", closedNow);
		}
		return closedNow;
	}

	/**
	 * One batch: closed and published in a transaction, then dropped from the index.
	 * @return the swept rows: ticket id, customer id, '1' when closed
	 */
	private List<List<String>> closeBatch(Instant cutoff, Instant now) {
		String reason = "no message from the customer for " + readable(this.properties.autoCloseAfter())
				+ " after the reply";
		List<List<String>> swept = this.kafka.executeInTransaction((kafka) -> {
			List<List<String>> rows = rows(this.pipeline.run(CLOSE_IDLE,
					List.of(new ScriptPipeline.Call(List.of(TicketDesk.REPLIED),
							List.of(Long.toString(cutoff.toEpochMilli()), Long.toString(now.toEpochMilli()),
									"CLOSED|" + reason, Integer.toString(BATCH), CAUSE,
									Long.toString(this.properties.closedRetention().toMillis())))))
				.get(0));
			for (List<String> row : rows) {
				if ("1".equals(row.get(2)) && !row.get(1).isEmpty()) {
					TicketClosing.publishClosed(kafka, new TicketClosing.Closed(row.get(0), row.get(1),
							TicketStatus.REPLIED, reason, CAUSE, CAUSE), now);
				}
			}
			return rows;
		});
		if (!swept.isEmpty()) {
			List<String> forget = new ArrayList<>();
			forget.add(Long.toString(cutoff.toEpochMilli()));
			swept.forEach((row) -> forget.add(row.get(0)));
			this.pipeline.run(FORGET, List.of(new ScriptPipeline.Call(List.of(TicketDesk.REPLIED), forget)));
		}
		return swept;
	}

	private static List<List<String>> rows(Object reply) {
		List<List<String>> rows = new ArrayList<>();
		for (Object row : (List<?>) reply) {
			rows.add(((List<?>) row).stream().map(String::valueOf).toList());
		}
		return rows;
	}

	/** "7d", "12h", "30m" or "45s": how the setting is usually written. */
	static String readable(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds > 0 && seconds % 86_400 == 0) {
			return (seconds / 86_400) + "d";
		}
		if (seconds > 0 && seconds % 3_600 == 0) {
			return (seconds / 3_600) + "h";
		}
		if (seconds > 0 && seconds % 60 == 0) {
			return (seconds / 60) + "m";
		}
		return seconds + "s";
	}

}
