package io.tributary.kit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.redis.ScriptPipeline;
import io.tributary.kit.redis.ScriptPipeline.Call;
import io.tributary.kit.redis.ScriptPipeline.Reply;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@WithKafkaAndRedis
@SpringBootTest(properties = "spring.application.name=kit-test")
class ScriptPipelineIntegrationTests {

	private static final RedisScript<List> ECHO = RedisScript.of("return {ARGV[1]}", List.class);

	private static final RedisScript<List> FAIL = RedisScript.of("return redis.error_reply('no such thing')",
			List.class);

	private static final RedisScript<List> GET = RedisScript.of("return {redis.call('GET', ARGV[1])}", List.class);

	private static final RedisScript<List> SET = RedisScript.of("return {redis.call('SET', ARGV[1], 'v')}", List.class);

	@Autowired
	private ScriptPipeline pipeline;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private ClientResources clientResources;

	@Test
	void eachRoundTripIsTimedAndItsCallsCounted() {
		long roundTrips = roundTrips("success");
		double calls = this.meters.get(ScriptPipeline.CALLS).counter().count();

		List<Object> replies = this.pipeline.run(ECHO,
				List.of(Call.of(List.of("a")), Call.of(List.of("b")), Call.of(List.of("c"))));

		assertThat(replies).containsExactly(List.of("a"), List.of("b"), List.of("c"));
		assertThat(roundTrips("success")).isEqualTo(roundTrips + 1);
		assertThat(this.meters.get(ScriptPipeline.CALLS).counter().count()).isEqualTo(calls + 3);
	}

	@Test
	void plainCommandsRunInOrderInOneRoundTripAndOneRefusedFailsIt() {
		String key = "kit-test:{" + UUID.randomUUID() + "}";
		byte[] name = key.getBytes(StandardCharsets.UTF_8);
		byte[] value = "v".getBytes(StandardCharsets.UTF_8);
		long roundTrips = roundTrips("success");
		double calls = this.meters.get(ScriptPipeline.CALLS).counter().count();

		List<Object> replies = this.pipeline
			.runCommands(List.of((redis) -> redis.set(name, value), (redis) -> redis.get(name)));

		assertThat(replies).containsExactly("OK", "v");
		assertThat(roundTrips("success")).isEqualTo(roundTrips + 1);
		assertThat(this.meters.get(ScriptPipeline.CALLS).counter().count()).isEqualTo(calls + 2);

		long failures = roundTrips("failure");
		assertThatExceptionOfType(RedisSystemException.class)
			.isThrownBy(() -> this.pipeline.runCommands(List.of((redis) -> redis.hget(name, value))))
			.withMessageContaining("WRONGTYPE");
		assertThat(roundTrips("failure")).isEqualTo(failures + 1);
	}

	@Test
	void aPlainCommandRedisRefusesComesBackWithItsErrorAndTheCommandsAfterItRun() {
		String key = "kit-test:{" + UUID.randomUUID() + "}";
		byte[] name = key.getBytes(StandardCharsets.UTF_8);
		byte[] value = "v".getBytes(StandardCharsets.UTF_8);
		long failures = roundTrips("failure");

		List<Reply> replies = this.pipeline.runEachCommand(List.of((redis) -> redis.set(name, value),
				(redis) -> redis.hget(name, value), (redis) -> redis.append(name, value)));

		assertThat(replies).extracting(Reply::value).containsExactly("OK", null, 2L);
		assertThat(replies.get(1).error()).contains("WRONGTYPE");
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("vv");
		assertThat(roundTrips("failure")).isEqualTo(failures + 1);
	}

	@Test
	void aFailedRoundTripIsTimedAsAFailure() {
		long failures = roundTrips("failure");

		assertThatExceptionOfType(RedisSystemException.class)
			.isThrownBy(() -> this.pipeline.run(FAIL, List.of(Call.of(List.of()))))
			.withMessageContaining("no such thing");

		assertThat(roundTrips("failure")).isEqualTo(failures + 1);
	}

	@Test
	void aCallRedisRefusesComesBackWithItsErrorAndTheOtherCallsRun() {
		String hash = "kit-test:{" + UUID.randomUUID() + "}";
		this.redis.opsForHash().put(hash, "field", "value");

		List<Reply> replies = this.pipeline.runEach(GET,
				List.of(Call.of(List.of("kit-test:absent")), Call.of(List.of(hash)), Call.of(List.of("kit-test:x"))));

		assertThat(replies).hasSize(3);
		assertThat(replies.get(0).failed()).isFalse();
		assertThat(replies.get(1).failed()).isTrue();
		assertThat(replies.get(1).error()).contains("WRONGTYPE");
		assertThat(replies.get(2).failed()).isFalse();
	}

	@Test
	void anErrorOfRedisItselfFailsTheWholeRoundTrip() {
		String maxMemory = this.redis.execute((RedisCallback<String>) (
				connection) -> connection.serverCommands().getConfig("maxmemory").getProperty("maxmemory"));
		setMaxMemory("1");
		try {
			// Out of memory is the server's state, not the call's: every call would fail
			// alike, so the batch must wait rather than dead-letter each message.
			assertThatExceptionOfType(RedisSystemException.class)
				.isThrownBy(() -> this.pipeline.runEach(SET, List.of(Call.of(List.of("kit-test:oom")))))
				.withMessageContaining("OOM");
		}
		finally {
			setMaxMemory(maxMemory);
		}
	}

	@Test
	void redisCommandsAreNotObservedOneByOne() {
		// One observation per command cost the agent about 9% of its drain rate; the
		// round
		// trips above are what is measured instead.
		assertThat(this.clientResources.tracing().isEnabled()).isFalse();
	}

	private void setMaxMemory(String bytes) {
		this.redis.execute((RedisCallback<Void>) (connection) -> {
			connection.serverCommands().setConfig("maxmemory", bytes);
			return null;
		});
	}

	private long roundTrips(String outcome) {
		return this.meters.get(ScriptPipeline.LATENCY).tag("outcome", outcome).timer().count();
	}

}
