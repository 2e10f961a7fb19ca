package io.tributary.notification.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tributary.events.EventMetadata;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.operations.AlertRaised;
import io.tributary.events.operations.AlertSeverity;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.notification.support.HttpPeer;
import io.tributary.notification.support.NotificationIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts through the real broker and Redis to two webhooks on a real HTTP server: one
 * answers 500 every time, the other (Slack-compatible) must still get every alert the
 * throttle lets through.
 */
class AlertIntegrationTests extends NotificationIntegrationTest {

	@Test
	void repeatedAlertsAreThrottledPerKeyAndAFailingSinkDoesNotStopTheOthers(SharedInfrastructure infrastructure)
			throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String redisDown = "redis.down:" + run;
		String lagHigh = "consumer.lag:" + run;

		publish(infrastructure, Topic.ALERTS.topicName(), "agent-processor-service", alert(redisDown, "first"),
				alert(redisDown, "second"), alert(redisDown, "third"), alert(lagHigh, "other key"));

		// Same source key, one partition: once the last alert is through, the three
		// before it have been handled.
		await().atMost(WAIT).until(() -> !posts(OPS_HOOK, lagHigh).isEmpty());
		List<HttpPeer.Request> sent = posts(OPS_HOOK, redisDown);
		assertThat(sent).hasSize(1);
		String text = JsonMapper.shared().readTree(sent.get(0).body()).get("text").asString();
		assertThat(text).startsWith("*CRITICAL* Redis unreachable")
			.contains("source: `agent-processor-service`")
			.contains("key: `" + redisDown + "`")
			.contains("first")
			.contains("partition=3");
		assertThat(sent.get(0).headers().get("content-type")).startsWith("application/json");
		assertThat(posts(BROKEN_HOOK, redisDown)).as("the failing sink was tried too").hasSize(1);
	}

	private static List<HttpPeer.Request> posts(String path, String alertKey) {
		return PEER.requests((request) -> request.path().equals(path) && request.body().contains(alertKey));
	}

	private static AlertRaised alert(String key, String detail) {
		String id = "alert-" + UUID.randomUUID();
		return new AlertRaised(EventMetadata.first(id, Instant.now()), "agent-processor-service", key,
				AlertSeverity.CRITICAL, "Redis unreachable", detail, Map.of("partition", "3"));
	}

}
