package io.tributary.notification.metrics;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.tributary.events.EventMetadata;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.operations.MetricsSnapshotTaken;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.kit.metrics.MetricsSnapshotPublisher;
import io.tributary.notification.support.NotificationIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapshots through the real broker and Redis: this service's own (published every second
 * under test) and another service's, the newest kept per instance.
 */
class MetricsSnapshotIntegrationTests extends NotificationIntegrationTest {

	@Autowired
	private MetricsSnapshotPublisher publisher;

	@Test
	void theNewestSnapshotOfEachInstanceIsServed(SharedInfrastructure infrastructure) throws Exception {
		String instance = "intake-" + UUID.randomUUID().toString().substring(0, 8);
		Instant now = Instant.now();
		MetricsSnapshotTaken newer = snapshot(instance, now, 42.0);
		MetricsSnapshotTaken older = snapshot(instance, now.minusSeconds(60), 7.0);

		// The older one arrives last, as after a redelivery: it must not win.
		publish(infrastructure, Topic.METRICS.topicName(), instance, newer, older);

		await().atMost(WAIT).until(() -> snapshotOf(instance) != null && snapshotOf(this.publisher.instance()) != null);
		JsonNode intake = snapshotOf(instance);
		assertThat(intake.get("service").asString()).isEqualTo("intake-service");
		assertThat(
				intake.get("metrics").get("tributary.intake.requests{channel=EMAIL,outcome=accepted}.count").asDouble())
			.isEqualTo(42.0);
		JsonNode own = snapshotOf(this.publisher.instance());
		assertThat(own.get("service").asString()).isEqualTo("notification-service");
		assertThat(own.get("metrics").get("process.uptime.value").asDouble()).isPositive();
		assertThat(call("GET", "/api/v1/metrics/snapshots", null).statusCode()).isEqualTo(401);
	}

	private JsonNode snapshotOf(String instance) throws Exception {
		HttpResponse<String> response = call("GET", "/api/v1/metrics/snapshots", "test-read-key");
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonMapper.shared()
			.readTree(response.body())
			.valueStream()
			.filter((snapshot) -> snapshot.get("instance").asString().equals(instance))
			.findFirst()
			.orElse(null);
	}

	private static MetricsSnapshotTaken snapshot(String instance, Instant at, double accepted) {
		return new MetricsSnapshotTaken(EventMetadata.first("metrics-" + UUID.randomUUID(), at), "intake-service",
				instance, Map.of("tributary.intake.requests{channel=EMAIL,outcome=accepted}.count", accepted));
	}

}
