package io.tributary.kit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs many calls of one Lua script in a single round trip, on the shared Lettuce
 * connection: the calls are written one after another without waiting for replies, and
 * Redis runs them in that order, so a call sees the effects of the calls before it (two
 * messages of one customer in one batch behave as if processed one by one).
 *
 * <p>
 * The script is loaded in the same pipeline, ahead of the calls, so a Redis that
 * restarted (and lost its script cache) is no special case. Spring Data's own
 * {@code executePipelined} opens a dedicated connection per call, which under load costs
 * more than the commands; the shared connection's asynchronous API pipelines for free.
 *
 * <p>
 * Scripts reach keys they compute (a contact's customer, then the customer's tickets), so
 * they need one Redis primary, not a Redis Cluster.
 *
 * <p>
 * Each round trip is timed ({@value #LATENCY}, by outcome) and its calls counted
 * ({@value #CALLS}). The services do not observe every Redis command (see the shared
 * defaults): one observation per call cost the agent about 9% of its drain rate.
 */
public final class ScriptPipeline {

	/** Arguments of one call of the script. */
	public record Call(List<String> keys, List<String> arguments) {

		public static Call of(List<String> arguments) {
			return new Call(List.of(), arguments);
		}

	}

	/** Timer of each round trip, tagged {@code outcome}: success or failure. */
	public static final String LATENCY = "tributary.redis.pipeline";

	/** Counter of the script calls the round trips carried. */
	public static final String CALLS = "tributary.redis.pipeline.calls";

	private final RedisConnectionFactory connections;

	private final Duration timeout;

	private final Timer succeeded;

	private final Timer failed;

	private final Counter callsSent;

	public ScriptPipeline(RedisConnectionFactory connections, Duration timeout, MeterRegistry meters) {
		this.connections = connections;
		this.timeout = timeout;
		this.succeeded = roundTrips("success").register(meters);
		this.failed = roundTrips("failure").register(meters);
		this.callsSent = Counter.builder(CALLS)
			.description("Script calls sent in Redis script pipelines")
			.register(meters);
	}

	private static Timer.Builder roundTrips(String outcome) {
		return Timer.builder(LATENCY)
			.description("Round trips of Redis script pipelines, from sending the calls to the last reply")
			.tag("outcome", outcome);
	}

	/**
	 * Runs the calls in order and returns each call's reply: strings, longs and lists of
	 * those (a Lua table becomes a list, a nested table a nested list).
	 * @param script the script; its reply must be a table
	 * @param calls the calls, in the order Redis must run them
	 * @return the replies, in the order of the calls
	 * @throws org.springframework.dao.DataAccessException when Redis cannot be reached, a
	 * call fails or the replies do not arrive within the timeout; some calls may have
	 * run, so scripts must be safe to run again
	 */
	public List<Object> run(RedisScript<?> script, List<Call> calls) {
		if (calls.isEmpty()) {
			return List.of();
		}
		long started = System.nanoTime();
		this.callsSent.increment(calls.size());
		try {
			List<Object> replies = send(script, calls);
			this.succeeded.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			return replies;
		}
		catch (RuntimeException ex) {
			this.failed.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			throw ex;
		}
	}

	private List<Object> send(RedisScript<?> script, List<Call> calls) {
		try (RedisConnection connection = this.connections.getConnection()) {
			RedisClusterAsyncCommands<byte[], byte[]> redis = asyncCommands(connection);
			List<RedisFuture<?>> sent = new ArrayList<>(calls.size() + 1);
			sent.add(redis.scriptLoad(bytes(script.getScriptAsString())));
			for (Call call : calls) {
				sent.add(redis.evalsha(script.getSha1(), ScriptOutputType.MULTI, encode(call.keys()),
						encode(call.arguments())));
			}
			long deadline = System.nanoTime() + this.timeout.toNanos();
			List<Object> replies = new ArrayList<>(calls.size());
			for (int i = 0; i < sent.size(); i++) {
				Object reply = await(sent.get(i), deadline);
				if (i > 0) {
					replies.add(decode(reply));
				}
			}
			return replies;
		}
	}

	@SuppressWarnings("unchecked")
	private static RedisClusterAsyncCommands<byte[], byte[]> asyncCommands(RedisConnection connection) {
		Object client = connection.getNativeConnection();
		if (client instanceof RedisClusterAsyncCommands<?, ?> commands) {
			return (RedisClusterAsyncCommands<byte[], byte[]>) commands;
		}
		throw new IllegalStateException("Script pipelines need the Lettuce Redis client, not " + client.getClass());
	}

	private static Object await(RedisFuture<?> reply, long deadline) {
		try {
			return reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new QueryTimeoutException("Redis did not answer a script pipeline in time", ex);
		}
		catch (ExecutionException ex) {
			throw new RedisSystemException("Redis script pipeline failed: " + ex.getCause().getMessage(),
					ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisSystemException("Interrupted while waiting for Redis", ex);
		}
	}

	private static byte[][] encode(List<String> values) {
		byte[][] encoded = new byte[values.size()][];
		for (int i = 0; i < encoded.length; i++) {
			encoded[i] = bytes(values.get(i));
		}
		return encoded;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static Object decode(Object reply) {
		if (reply instanceof byte[] value) {
			return new String(value, StandardCharsets.UTF_8);
		}
		if (reply instanceof List<?> values) {
			List<Object> decoded = new ArrayList<>(values.size());
			for (Object value : values) {
				decoded.add(decode(value));
			}
			return decoded;
		}
		return reply;
	}

}
