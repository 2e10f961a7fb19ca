package io.tributary.kit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisCommandExecutionException;
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
 * Plain commands that need no condition evaluated inside Redis go the same way, cheaper
 * than a script ({@link #runCommands}).
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

	/**
	 * One call's reply: what the script returned, or the error Redis answered this call
	 * with because of the call itself (a key of the wrong type, the script failing on
	 * this call's arguments).
	 *
	 * @param value the decoded reply, {@code null} when the call failed
	 * @param error the error, {@code null} when the call succeeded
	 */
	public record Reply(Object value, String error) {

		public boolean failed() {
			return this.error != null;
		}

		/**
		 * The reply's value.
		 * @return the value
		 * @throws CallRefused when Redis refused the call
		 */
		public Object valueOrThrow() {
			if (failed()) {
				throw new CallRefused(this.error);
			}
			return this.value;
		}

	}

	/**
	 * One plain command of a {@link #runCommands command pipeline}, written on the shared
	 * connection's asynchronous API (keys and arguments as UTF-8 bytes).
	 */
	@FunctionalInterface
	public interface Command {

		RedisFuture<?> sendTo(RedisClusterAsyncCommands<byte[], byte[]> redis);

	}

	/**
	 * Redis refused a call because of the call itself: a retry would be refused alike.
	 * Not a {@code DataAccessException}, so that stages dead-letter the record rather
	 * than retry the batch.
	 */
	public static final class CallRefused extends RuntimeException {

		CallRefused(String error) {
			super(error);
		}

	}

	/**
	 * Error codes Redis answers whatever the call: the server is out of memory, loading,
	 * busy, a replica, failing over, refusing writes, or the client is not allowed. A
	 * retry may pass; the call's arguments are not to blame.
	 */
	private static final Set<String> SERVER_ERRORS = Set.of("OOM", "BUSY", "LOADING", "READONLY", "MASTERDOWN",
			"MISCONF", "NOSCRIPT", "NOREPLICAS", "CLUSTERDOWN", "TRYAGAIN", "MOVED", "ASK", "NOAUTH", "WRONGPASS",
			"NOPERM");

	private static final Pattern ERROR_CODE = Pattern.compile("(?:^|@user_script: ?\\d+: -?)([A-Z]+)\\b");

	/**
	 * Timer of each round trip, tagged {@code outcome}: success, or failure when it threw
	 * or a call came back with an error.
	 */
	public static final String LATENCY = "tributary.redis.pipeline";

	/** Counter of the script calls and plain commands the round trips carried. */
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
			.description("Script calls and commands sent in Redis pipelines")
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
		return valuesOrThrow(runEach(script, calls), "script");
	}

	/**
	 * Runs the calls in order, as {@link #run} does, but answers a call that Redis
	 * refused because of the call itself with that call's error, and goes on with the
	 * others: one message whose data breaks the script must not hold up the batch.
	 * @param script the script; its reply must be a table
	 * @param calls the calls, in the order Redis must run them
	 * @return the replies, in the order of the calls
	 * @throws org.springframework.dao.DataAccessException when Redis cannot be reached,
	 * answers with an error of the server's own state (out of memory, loading, a
	 * read-only replica, ...), or the replies do not arrive within the timeout; some
	 * calls may have run, so scripts must be safe to run again, and a failed call may
	 * have written part of its work before its error
	 */
	public List<Reply> runEach(RedisScript<?> script, List<Call> calls) {
		return timed(calls.size(), () -> send(script, calls));
	}

	/**
	 * Runs plain commands in order in one round trip, as {@link #run} runs script calls.
	 * Redis spends about 13 µs more on a call of a one-command script than on the command
	 * itself (docs/BENCHMARKS.md), so writes that need no condition evaluated inside
	 * Redis are cheaper sent this way. Unlike a script, the commands are not atomic: each
	 * must be safe to run again, and alone.
	 * @param commands the commands, in the order Redis must run them
	 * @return the replies, in the order of the commands
	 * @throws org.springframework.dao.DataAccessException as {@link #run} does, and when
	 * Redis refused a command
	 */
	public List<Object> runCommands(List<Command> commands) {
		return valuesOrThrow(runEachCommand(commands), "command");
	}

	/** The replies' values, or the first refusal thrown for the whole pipeline. */
	private static List<Object> valuesOrThrow(List<Reply> replies, String kind) {
		List<Object> values = new ArrayList<>(replies.size());
		for (Reply reply : replies) {
			if (reply.failed()) {
				throw new RedisSystemException("Redis " + kind + " pipeline failed: " + reply.error(), null);
			}
			values.add(reply.value());
		}
		return values;
	}

	/**
	 * Runs plain commands in order in one round trip, as {@link #runCommands} does, but
	 * answers a command that Redis refused because of the command itself (a key of
	 * another type) with its error, and goes on with the others, as {@link #runEach} does
	 * for script calls. The commands after a refused one still run: a caller whose
	 * commands belong together must not send any whose effect would be wrong once an
	 * earlier one was refused.
	 * @param commands the commands, in the order Redis must run them
	 * @return the replies, in the order of the commands
	 * @throws org.springframework.dao.DataAccessException as {@link #runEach} does
	 */
	public List<Reply> runEachCommand(List<Command> commands) {
		return timed(commands.size(), () -> send((redis) -> {
			List<RedisFuture<?>> sent = new ArrayList<>(commands.size());
			for (Command command : commands) {
				sent.add(command.sendTo(redis));
			}
			return sent;
		}));
	}

	/**
	 * One round trip of this many calls or commands, counted and timed: a failure when it
	 * threw or any call came back refused.
	 */
	private List<Reply> timed(int count, Supplier<List<Reply>> roundTrip) {
		if (count == 0) {
			return List.of();
		}
		long started = System.nanoTime();
		this.callsSent.increment(count);
		try {
			List<Reply> replies = roundTrip.get();
			boolean anyFailed = replies.stream().anyMatch(Reply::failed);
			(anyFailed ? this.failed : this.succeeded).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			return replies;
		}
		catch (RuntimeException ex) {
			this.failed.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			throw ex;
		}
	}

	private List<Reply> send(RedisScript<?> script, List<Call> calls) {
		List<Reply> replies = send((redis) -> {
			// Loaded ahead of the calls, so a Redis that lost its script cache runs them.
			List<RedisFuture<?>> sent = new ArrayList<>(calls.size() + 1);
			sent.add(redis.scriptLoad(bytes(script.getScriptAsString())));
			for (Call call : calls) {
				sent.add(redis.evalsha(script.getSha1(), ScriptOutputType.MULTI, encode(call.keys()),
						encode(call.arguments())));
			}
			return sent;
		});
		if (replies.get(0).failed()) {
			throw new RedisSystemException("Redis refused the script: " + replies.get(0).error(), null);
		}
		return replies.subList(1, replies.size());
	}

	/**
	 * Writes what the writer sends on the shared connection, then waits for every reply
	 * within the timeout.
	 */
	private List<Reply> send(Function<RedisClusterAsyncCommands<byte[], byte[]>, List<RedisFuture<?>>> writer) {
		try (RedisConnection connection = this.connections.getConnection()) {
			List<RedisFuture<?>> sent = writer.apply(asyncCommands(connection));
			long deadline = System.nanoTime() + this.timeout.toNanos();
			List<Reply> replies = new ArrayList<>(sent.size());
			for (RedisFuture<?> reply : sent) {
				try {
					replies.add(new Reply(decode(await(reply, deadline)), null));
				}
				catch (RedisSystemException ex) {
					if (!(ex.getCause() instanceof RedisCommandExecutionException refused)
							|| serverError(String.valueOf(refused.getMessage()))) {
						throw ex;
					}
					replies.add(new Reply(null, refused.getMessage()));
				}
			}
			return replies;
		}
	}

	/**
	 * Redis's error when a failure is Redis refusing a command because of the command or
	 * its data (a key of another type, a script failing on its arguments): a retry would
	 * be refused alike.
	 * @param failure what was thrown, searched down its causes
	 * @return the error, or null when Redis did not refuse a command, or refused it for a
	 * state of its own that passes ({@link #serverError})
	 */
	public static String refusal(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisCommandExecutionException refused) {
				String error = String.valueOf(refused.getMessage());
				return serverError(error) ? null : error;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

	/**
	 * Whether Redis's error is of its own state rather than the call's. The code leads
	 * the error, except that Redis 6 wraps an error raised inside a script as "ERR Error
	 * running script (...): @user_script:N: CODE ...", where Redis 7 keeps the code
	 * first.
	 * @param error the error Redis answered
	 * @return whether the call is not to blame
	 */
	public static boolean serverError(String error) {
		Matcher codes = ERROR_CODE.matcher(error);
		while (codes.find()) {
			if (SERVER_ERRORS.contains(codes.group(1))) {
				return true;
			}
		}
		return false;
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
