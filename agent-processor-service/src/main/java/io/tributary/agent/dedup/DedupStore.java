package io.tributary.agent.dedup;

import java.util.ArrayList;
import java.util.List;

import io.tributary.kit.redis.ScriptPipeline;

import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Dedup done-marks in Redis. {@code dedup:{contact}:id:<messageId>} is written only after
 * the message's Kafka transaction committed; the check itself (and the content key
 * {@code dedup:{contact}:content:<hash>}, which holds the id that first sent a content
 * within the window) is the first step of the ticketing script, so it costs no round trip
 * of its own.
 */
@Component
public class DedupStore {

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> MARK_DONE = RedisScript.of("""
			return {redis.call('SET', KEYS[1], 'done', 'PX', ARGV[1])}
			""", List.class);

	private final ScriptPipeline pipeline;

	private final DedupProperties properties;

	public DedupStore(ScriptPipeline pipeline, DedupProperties properties) {
		this.pipeline = pipeline;
		this.properties = properties;
	}

	/**
	 * Marks messages processed, in one round trip; call only after their effects are
	 * durable (Kafka transaction committed).
	 * @param processed the messages, each as its contact key and message id
	 */
	public void markDone(List<Processed> processed) {
		String retention = Long.toString(this.properties.idRetention().toMillis());
		List<ScriptPipeline.Call> calls = new ArrayList<>(processed.size());
		for (Processed message : processed) {
			calls.add(new ScriptPipeline.Call(List.of(idKey(message.contactKey(), message.messageId())),
					List.of(retention)));
		}
		this.pipeline.run(MARK_DONE, calls);
	}

	static String idKey(String contactKey, String messageId) {
		return "dedup:{" + contactKey + "}:id:" + messageId;
	}

	/** A message whose effects are committed. */
	public record Processed(String contactKey, String messageId) {
	}

}
