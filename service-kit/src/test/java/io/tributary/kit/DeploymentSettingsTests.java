package io.tributary.kit;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.kit.metrics.MetricsSnapshotProperties;
import io.tributary.kit.metrics.MetricsSnapshotPublisher;
import io.tributary.kit.topics.TopicProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings that differ between deployments take effect when the beans are created, not
 * through bean conditions, which an AOT-processed build fixes when it is built.
 */
class DeploymentSettingsTests {

	private final TributaryServiceAutoConfiguration configuration = new TributaryServiceAutoConfiguration();

	@Test
	void catalogueTopicsAreDeclaredUnlessAnOperatorOwnsThem() {
		assertThat(new AdminOf(this.configuration.catalogueTopics(topics(true))).declared()).isNotEmpty()
			.anyMatch((topic) -> topic.name().equals("ingestion.raw.messages"));
		assertThat(new AdminOf(this.configuration.catalogueTopics(topics(false))).declared()).isEmpty();
	}

	@Test
	void metricsSnapshotsStartOnlyWhereEnabled() {
		assertThat(publisher(true).isAutoStartup()).isTrue();
		assertThat(publisher(false).isAutoStartup()).isFalse();
	}

	/**
	 * Reads the declared topics the way Spring Kafka's admin does before creating them.
	 */
	private static final class AdminOf extends KafkaAdmin {

		AdminOf(KafkaAdmin.NewTopics topics) {
			super(Map.of());
			GenericApplicationContext context = new GenericApplicationContext();
			context.registerBean(KafkaAdmin.NewTopics.class, () -> topics);
			context.refresh();
			setApplicationContext(context);
		}

		Collection<NewTopic> declared() {
			return newTopics();
		}

	}

	private static TopicProperties topics(boolean create) {
		return new TopicProperties(create, 6, (short) 3, 2, Duration.ofSeconds(3));
	}

	private static MetricsSnapshotPublisher publisher(boolean enabled) {
		return new MetricsSnapshotPublisher(new SimpleMeterRegistry(), new KafkaProperties(),
				new MetricsSnapshotProperties(enabled, Duration.ofSeconds(30), "test", List.of("tributary.")),
				"test-service");
	}

}
