package io.tributary.kit.progress;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tributary.kit.redis.ScriptPipeline;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Records and reads each message's progress in one Redis hash, {@code message:{id}} (the
 * braces are a Redis Cluster hash tag, so related keys of one message live on one node).
 *
 * <p>
 * Each stage writes only its own timestamp field and the current stage is derived on read
 * as the furthest stage reached, so services that record out of order (a fast reply
 * before a slow "normalized") can never move a message backwards, and no
 * read-modify-write is needed.
 */
public class MessageProgress {

	/**
	 * The stage's timestamp (only the first time: a provider's retry or a redelivery must
	 * not make a delivered message look received after its reply), the details, and
	 * EXPIRE, in one round trip, for one message ({@link #recordReceived} runs it for a
	 * batch, {@link #recordAll} sends later stages' batches as plain commands). Receiving
	 * a message again counts a repeat, which needs the {@code HSETNX}'s answer inside
	 * Redis: hence a script.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> RECORD = RedisScript.of("""
			if redis.call('HSETNX', KEYS[1], ARGV[2], ARGV[3]) == 0 and ARGV[2] == 'receivedAt' then
			  redis.call('HINCRBY', KEYS[1], 'repeats', 1)
			end
			if #ARGV > 3 then redis.call('HSET', KEYS[1], unpack(ARGV, 4)) end
			return {redis.call('EXPIRE', KEYS[1], ARGV[1])}
			""", List.class);

	/**
	 * Takes a message's rejection back when its dead letter is replayed, keeping the
	 * reason as {@value #REJECTED_BEFORE_REPLAY}; a hash that expired is not recreated.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> REPLAYED = RedisScript.of("""
			if redis.call('HEXISTS', KEYS[1], 'rejectedAt') == 0 then return {0} end
			local reason = redis.call('HGET', KEYS[1], 'reason')
			redis.call('HDEL', KEYS[1], 'rejectedAt', 'reason')
			redis.call('HSET', KEYS[1], 'replayedAt', ARGV[1])
			if reason then redis.call('HSET', KEYS[1], 'rejectedBeforeReplay', reason) end
			return {1}
			""", List.class);

	/** The detail that keeps a replayed message's earlier rejection reason. */
	public static final String REJECTED_BEFORE_REPLAY = "rejectedBeforeReplay";

	/** A stage one message reached, as {@link #record} takes it. */
	public record Update(String messageId, Stage stage, Map<String, String> details) {
	}

	private final StringRedisTemplate redis;

	private final Duration retention;

	private final Clock clock;

	private final ScriptPipeline pipeline;

	public MessageProgress(StringRedisTemplate redis, ScriptPipeline pipeline, Duration retention, Clock clock) {
		this.redis = redis;
		this.pipeline = pipeline;
		this.retention = retention;
		this.clock = clock;
	}

	public static String key(String messageId) {
		return "message:{" + messageId + "}";
	}

	/**
	 * Records that a message reached a stage, with facts worth showing (never personal
	 * data).
	 * @param messageId the message
	 * @param stage the stage reached
	 * @param details extra fields, e.g. {@code ticketId}
	 */
	public void record(String messageId, Stage stage, Map<String, String> details) {
		this.redis.execute(RECORD, List.of(key(messageId)), arguments(stage, details).toArray());
	}

	/**
	 * Records the progress of a batch of messages in one round trip. Past
	 * {@link Stage#RECEIVED}, recording needs no condition evaluated in Redis, so each
	 * update is sent as plain commands ({@code HSETNX} of the stage's timestamp,
	 * {@code HSET} of the details, {@code EXPIRE}), which cost Redis less than a script
	 * call. Each is safe to run again; {@code EXPIRE} comes last, after the hash exists.
	 * @param updates what each message reached, past {@link Stage#RECEIVED}
	 * @throws IllegalArgumentException for a {@link Stage#RECEIVED} update, which counts
	 * repeats: record it with {@link #record}
	 */
	public void recordAll(List<Update> updates) {
		byte[] at = bytes(Instant.now(this.clock).toString());
		long seconds = this.retention.toSeconds();
		List<ScriptPipeline.Command> commands = new ArrayList<>(3 * updates.size());
		for (Update update : updates) {
			if (update.stage() == Stage.RECEIVED) {
				throw new IllegalArgumentException("Receiving counts repeats: record it on its own");
			}
			byte[] key = bytes(key(update.messageId()));
			byte[] field = bytes(update.stage().timestampField());
			commands.add((redis) -> redis.hsetnx(key, field, at));
			if (!update.details().isEmpty()) {
				Map<byte[], byte[]> details = new LinkedHashMap<>();
				update.details().forEach((name, value) -> details.put(bytes(name), bytes(value)));
				commands.add((redis) -> redis.hset(key, details));
			}
			commands.add((redis) -> redis.expire(key, seconds));
		}
		this.pipeline.runCommands(commands);
	}

	/**
	 * Records that messages were received, in one round trip: a call of the recording
	 * script per message, in order, since receiving a message again counts a repeat.
	 * @param updates messages that reached {@link Stage#RECEIVED}, with their details
	 * @return each update's reply, in order: a call Redis refused (a key of another type
	 * under the message's) fails alone
	 * @throws IllegalArgumentException for an update of another stage
	 * @throws org.springframework.dao.DataAccessException when Redis cannot be reached or
	 * does not answer within its timeout
	 */
	public List<ScriptPipeline.Reply> recordReceived(List<Update> updates) {
		List<ScriptPipeline.Call> calls = new ArrayList<>(updates.size());
		for (Update update : updates) {
			if (update.stage() != Stage.RECEIVED) {
				throw new IllegalArgumentException(
						"Record " + update.stage() + " with recordAll: only receiving counts repeats");
			}
			calls.add(new ScriptPipeline.Call(List.of(key(update.messageId())),
					arguments(update.stage(), update.details())));
		}
		return this.pipeline.runEach(RECORD, calls);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Takes back the rejection of messages whose dead letters are about to be replayed,
	 * so that their status follows the replay rather than showing a rejection that no
	 * longer holds. Called before the replay is sent: after it, a fresh rejection of the
	 * replayed record could already be there, and would be taken back.
	 * @param messageIds the messages replayed
	 * @return how many of them had a rejection taken back
	 */
	public int replayed(Collection<String> messageIds) {
		String at = Instant.now(this.clock).toString();
		List<ScriptPipeline.Call> calls = new ArrayList<>(messageIds.size());
		for (String messageId : messageIds) {
			calls.add(new ScriptPipeline.Call(List.of(key(messageId)), List.of(at)));
		}
		int taken = 0;
		for (Object reply : this.pipeline.run(REPLAYED, calls)) {
			taken += ((Number) ((List<?>) reply).get(0)).intValue();
		}
		return taken;
	}

	private List<String> arguments(Stage stage, Map<String, String> details) {
		List<String> args = new ArrayList<>(3 + 2 * details.size());
		args.add(Long.toString(this.retention.toSeconds()));
		args.add(stage.timestampField());
		args.add(Instant.now(this.clock).toString());
		details.forEach((field, value) -> {
			args.add(field);
			args.add(value);
		});
		return args;
	}

	public Optional<MessageStatus> read(String messageId) {
		Map<Object, Object> hash = this.redis.opsForHash().entries(key(messageId));
		if (hash.isEmpty()) {
			return Optional.empty();
		}
		Map<Stage, Instant> reached = new EnumMap<>(Stage.class);
		Map<String, String> details = new LinkedHashMap<>();
		hash.forEach((field, value) -> {
			Optional<Stage> stage = stageOf(field.toString());
			if (stage.isPresent()) {
				reached.put(stage.get(), Instant.parse(value.toString()));
			}
			else {
				details.put(field.toString(), value.toString());
			}
		});
		Stage current = reached.containsKey(Stage.REJECTED) ? Stage.REJECTED
				: reached.keySet().stream().max(Enum::compareTo).orElse(Stage.RECEIVED);
		return Optional.of(new MessageStatus(messageId, current, reached, details));
	}

	private static Optional<Stage> stageOf(String field) {
		for (Stage stage : Stage.values()) {
			if (stage.timestampField().equals(field)) {
				return Optional.of(stage);
			}
		}
		return Optional.empty();
	}

}
