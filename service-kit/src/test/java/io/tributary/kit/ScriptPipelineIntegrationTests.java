package io.tributary.kit;

import java.util.List;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.redis.ScriptPipeline;
import io.tributary.kit.redis.ScriptPipeline.Call;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@WithKafkaAndRedis
@SpringBootTest(properties = "spring.application.name=kit-test")
class ScriptPipelineIntegrationTests {

	private static final RedisScript<List> ECHO = RedisScript.of("return {ARGV[1]}", List.class);

	private static final RedisScript<List> FAIL = RedisScript.of("return redis.error_reply('no such thing')",
			List.class);

	@Autowired
	private ScriptPipeline pipeline;

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
	void aFailedRoundTripIsTimedAsAFailure() {
		long failures = roundTrips("failure");

		assertThatExceptionOfType(RedisSystemException.class)
			.isThrownBy(() -> this.pipeline.run(FAIL, List.of(Call.of(List.of()))))
			.withMessageContaining("no such thing");

		assertThat(roundTrips("failure")).isEqualTo(failures + 1);
	}

	@Test
	void redisCommandsAreNotObservedOneByOne() {
		// One observation per command cost the agent about 9% of its drain rate; the
		// round
		// trips above are what is measured instead.
		assertThat(this.clientResources.tracing().isEnabled()).isFalse();
	}

	private long roundTrips(String outcome) {
		return this.meters.get(ScriptPipeline.LATENCY).tag("outcome", outcome).timer().count();
	}

}
