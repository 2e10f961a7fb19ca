package io.tributary.kit;

import java.util.Map;
import java.util.UUID;

import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.MessageStatus;
import io.tributary.kit.progress.Stage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@WithKafkaAndRedis
@SpringBootTest(properties = "spring.application.name=kit-test")
class MessageProgressIntegrationTests {

	@Autowired
	private MessageProgress progress;

	@Autowired
	private StringRedisTemplate redis;

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
	void unknownMessageHasNoStatus() {
		assertThat(this.progress.read("msg-never-seen")).isEmpty();
	}

}
