package io.tributary.intake.acceptance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.progress.MessageProgress;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * RECEIVED progress entries of concurrent requests share Redis round trips, and a Redis
 * that does not answer fails an entry within the bound instead of holding its request.
 * Redis's {@code CLIENT PAUSE WRITE} holds a round trip out for as long as the test
 * needs.
 */
@WithKafkaAndRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReceivedProgressIntegrationTests {

	private static final Map<String, String> DETAILS = Map.of("channel", "WEB_FORM", "provider", "web-form");

	@Autowired
	private ReceivedProgress receivedProgress;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private MeterRegistry meters;

	@Test
	void entriesQueuedWhileARoundTripIsOutShareTheNextOne() throws Exception {
		DistributionSummary batches = this.meters.get(ReceivedProgress.BATCHES).summary();
		long roundTripsBefore = batches.count();
		double entriesBefore = batches.totalAmount();
		List<String> messageIds = new ArrayList<>();
		for (int i = 0; i < 51; i++) {
			messageIds.add("msg-progress-" + UUID.randomUUID());
		}

		pauseRedisWrites(Duration.ofMillis(700));
		List<CompletableFuture<Void>> written = new ArrayList<>();
		written.add(this.receivedProgress.record(messageIds.get(0), DETAILS));
		// The writer took the first entry and waits for Redis; the others queue
		// meanwhile.
		await().atMost(Duration.ofSeconds(5)).until(() -> queued() == 0);
		for (String messageId : messageIds.subList(1, messageIds.size())) {
			written.add(this.receivedProgress.record(messageId, DETAILS));
		}
		CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

		assertThat(batches.totalAmount() - entriesBefore).isEqualTo(51);
		// One round trip for the first entry and one for the 50 queued behind it (or one
		// for all, had the writer not sent the first yet): never one each.
		assertThat(batches.count() - roundTripsBefore).isBetween(1L, 2L);
		for (String messageId : messageIds) {
			Map<Object, Object> hash = this.redis.opsForHash().entries(MessageProgress.key(messageId));
			assertThat(hash).containsKey("receivedAt").containsEntry("channel", "WEB_FORM");
		}
	}

	@Test
	void anEntryRedisDoesNotWriteInTimeFailsWithinTheBoundAndLaterOnesAreWritten() throws Exception {
		String late = "msg-progress-late-" + UUID.randomUUID();
		String after = "msg-progress-after-" + UUID.randomUUID();

		// Longer than the entry's bound (2 s,
		// tributary.intake.received-progress.timeout).
		pauseRedisWrites(Duration.ofMillis(3500));
		CompletableFuture<Void> notInTime = this.receivedProgress.record(late, DETAILS);

		// Whichever bound ends it first: the entry's own, or the Redis client's command
		// timeout (also 2 s) ending the writer's round trip.
		assertThatThrownBy(() -> notInTime.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.satisfies((failure) -> assertThat(failure.getCause()).isInstanceOfAny(TimeoutException.class,
					QueryTimeoutException.class));
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(this.receivedProgress.record(after, DETAILS))
				.succeedsWithin(Duration.ofSeconds(5)));
		assertThat(this.redis.opsForHash().hasKey(MessageProgress.key(after), "receivedAt")).isTrue();
	}

	private double queued() {
		return this.meters.get(ReceivedProgress.QUEUED).gauge().value();
	}

	private void pauseRedisWrites(Duration duration) {
		this.redis.execute((RedisCallback<Object>) (connection) -> connection.execute("CLIENT", bytes("PAUSE"),
				bytes(Long.toString(duration.toMillis())), bytes("WRITE")));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
