package io.tributary.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.MessageStatus;
import io.tributary.kit.progress.Stage;
import io.tributary.kit.redis.ScriptPipeline;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@WithKafkaAndRedis
@SpringBootTest(properties = "spring.application.name=kit-test")
class MessageProgressIntegrationTests {

	@Autowired
	private MessageProgress progress;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private MeterRegistry meters;

	@Test
	void stageIsTheFurthestReachedEvenWhenRecordedOutOfOrder() {
		String id = "msg-" + UUID.randomUUID();

		this.progress.record(id, Stage.RECEIVED, Map.of("channel", "EMAIL"));
		this.progress.record(id, Stage.TICKETED, Map.of("ticketId", "tkt-1"));
		this.progress.record(id, Stage.NORMALIZED, Map.of());

		MessageStatus status = this.progress.read(id).orElseThrow();
		assertThat(status.stage()).isEqualTo(Stage.TICKETED);
		assertThat(status.reachedAt()).containsOnlyKeys(Stage.RECEIVED, Stage.NORMALIZED, Stage.TICKETED);
		assertThat(status.details()).containsEntry("channel", "EMAIL").containsEntry("ticketId", "tkt-1");
		assertThat(this.redis.getExpire(MessageProgress.key(id))).isPositive();
	}

	@Test
	void rejectionWinsAndKeepsItsReason() {
		String id = "msg-" + UUID.randomUUID();

		this.progress.record(id, Stage.RECEIVED, Map.of());
		this.progress.record(id, Stage.REJECTED, Map.of("reason", "text: empty after cleaning"));

		MessageStatus status = this.progress.read(id).orElseThrow();
		assertThat(status.stage()).isEqualTo(Stage.REJECTED);
		assertThat(status.details()).containsEntry("reason", "text: empty after cleaning");
	}

	@Test
	void eachStageKeepsWhenItWasFirstReachedAndReceivingAgainCountsARepeat() {
		String id = "msg-" + UUID.randomUUID();
		this.progress.record(id, Stage.RECEIVED, Map.of("channel", "EMAIL"));
		this.progress.record(id, Stage.DELIVERED, Map.of("replyId", "rep-1"));
		MessageStatus first = this.progress.read(id).orElseThrow();

		this.progress.record(id, Stage.RECEIVED, Map.of("channel", "EMAIL"));
		this.progress.record(id, Stage.RECEIVED, Map.of("channel", "EMAIL"));
		this.progress.recordAll(List.of(new MessageProgress.Update(id, Stage.DELIVERED, Map.of("replyId", "rep-1"))));

		MessageStatus status = this.progress.read(id).orElseThrow();
		assertThat(status.reachedAt()).isEqualTo(first.reachedAt());
		assertThat(status.stage()).isEqualTo(Stage.DELIVERED);
		assertThat(status.details()).containsEntry("repeats", "2").containsEntry("replyId", "rep-1");
		assertThat(first.details()).doesNotContainKey("repeats");
	}

	@Test
	void aReplayTakesTheRejectionBackAndKeepsItsReason() {
		String rejected = "msg-" + UUID.randomUUID();
		String delivered = "msg-" + UUID.randomUUID();
		String expired = "msg-" + UUID.randomUUID();
		this.progress.record(rejected, Stage.NORMALIZED, Map.of());
		this.progress.record(rejected, Stage.REJECTED, Map.of("reason", "could not be placed: WRONGTYPE"));
		this.progress.record(delivered, Stage.DELIVERED, Map.of());

		assertThat(this.progress.replayed(List.of(rejected, delivered, expired))).isEqualTo(1);

		MessageStatus status = this.progress.read(rejected).orElseThrow();
		assertThat(status.stage()).isEqualTo(Stage.NORMALIZED);
		assertThat(status.reachedAt()).containsOnlyKeys(Stage.NORMALIZED);
		assertThat(status.details()).doesNotContainKey("reason")
			.containsEntry(MessageProgress.REJECTED_BEFORE_REPLAY, "could not be placed: WRONGTYPE")
			.containsKey("replayedAt");
		assertThat(this.progress.read(delivered).orElseThrow().details()).doesNotContainKey("replayedAt");
		assertThat(this.progress.read(expired)).isEmpty();

		// Rejected again on the replay: the status says so.
		this.progress.record(rejected, Stage.REJECTED, Map.of("reason", "could not be placed: still WRONGTYPE"));
		assertThat(this.progress.read(rejected).orElseThrow().stage()).isEqualTo(Stage.REJECTED);
	}

	@Test
	void aBatchIsRecordedInOneRoundTripOfPlainCommands() {
		List<MessageProgress.Update> updates = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			updates.add(new MessageProgress.Update("msg-" + UUID.randomUUID(), Stage.TICKETED,
					Map.of("ticketId", "tkt-" + i)));
		}
		long roundTrips = roundTrips();
		long scriptCalls = scriptCalls();

		this.progress.recordAll(updates);

		// A script call costs Redis more than the commands it runs: none is needed here.
		assertThat(roundTrips()).isEqualTo(roundTrips + 1);
		assertThat(scriptCalls()).isEqualTo(scriptCalls);
		for (int i = 0; i < updates.size(); i++) {
			MessageStatus status = this.progress.read(updates.get(i).messageId()).orElseThrow();
			assertThat(status.stage()).isEqualTo(Stage.TICKETED);
			assertThat(status.details()).containsEntry("ticketId", "tkt-" + i);
			assertThat(this.redis.getExpire(MessageProgress.key(updates.get(i).messageId()))).isPositive();
		}
		assertThatIllegalArgumentException().isThrownBy(() -> this.progress
			.recordAll(List.of(new MessageProgress.Update("msg-" + UUID.randomUUID(), Stage.RECEIVED, Map.of()))));
	}

	private long roundTrips() {
		return this.meters.get(ScriptPipeline.LATENCY).tag("outcome", "success").timer().count();
	}

	/** EVALSHA and EVAL calls Redis ran, from its own statistics. */
	private long scriptCalls() {
		Properties stats = this.redis
			.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info("commandstats"));
		long calls = 0;
		for (String command : List.of("cmdstat_evalsha", "cmdstat_eval")) {
			String entry = stats.getProperty(command);
			if (entry != null) {
				// "calls=N,usec=...,rejected_calls=...,failed_calls=..."
				calls += Long.parseLong(entry.substring("calls=".length(), entry.indexOf(',')));
			}
		}
		return calls;
	}

	@Test
	void unknownMessageHasNoStatus() {
		assertThat(this.progress.read("msg-never-seen")).isEmpty();
	}

}
