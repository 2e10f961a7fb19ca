package io.tributary.kit;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.redis.RedisMemoryMeters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@WithKafkaAndRedis
@SpringBootTest(properties = "spring.application.name=kit-test")
class RedisMemoryMetersIntegrationTests {

	private static final long HUNDRED_MB = 100L * 1024 * 1024;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private StringRedisTemplate redis;

	@AfterEach
	void noLimit() {
		setMaxMemory(0);
	}

	@Test
	void gaugesFollowWhatRedisReports() {
		setMaxMemory(HUNDRED_MB);

		// A reading is reused for a few seconds, so the new limit shows on a later
		// scrape.
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(gauge(RedisMemoryMeters.MAX)).isEqualTo(HUNDRED_MB));
		assertThat(gauge(RedisMemoryMeters.USED)).isPositive().isLessThan(HUNDRED_MB);

		setMaxMemory(0);
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(gauge(RedisMemoryMeters.MAX)).isZero());
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

	private void setMaxMemory(long bytes) {
		this.redis.execute((RedisCallback<Void>) (connection) -> {
			connection.serverCommands().setConfig("maxmemory", Long.toString(bytes));
			return null;
		});
	}

}
