package io.tributary.kit;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.tributary.events.catalogue.Topic;
import io.tributary.events.catalogue.TopicCatalogue;
import io.tributary.events.catalogue.TopicSettings;
import io.tributary.infra.SharedInfrastructure;
import io.tributary.infra.junit.WithKafkaAndRedis;
import io.tributary.kit.health.KafkaHealthIndicator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.data.redis.health.DataRedisReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;

@WithKafkaAndRedis
@SpringBootTest(properties = "spring.application.name=kit-test")
class ServiceKitIntegrationTests {

	@Autowired
	private KafkaAdmin kafkaAdmin;

	@Autowired
	private KafkaHealthIndicator kafkaHealth;

	@Autowired
	private Environment environment;

	@Autowired
	private KafkaProperties kafkaProperties;

	@Autowired
	private ApplicationContext context;

	@Test
	void createsEveryCatalogueTopicWithThisEnvironmentsSettings() throws Exception {
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			TopicCatalogue.specs(TopicSettings.singleBroker(1))
				.forEach((spec) -> assertThat(names).contains(spec.name()));

			Map<String, TopicDescription> described = admin
				.describeTopics(
						Set.of(Topic.NORMALIZED_MESSAGES.topicName(), Topic.NORMALIZED_MESSAGES.deadLetterTopicName()))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS);
			described.values()
				.forEach((topic) -> assertThat(topic.partitions()).hasSize(SharedInfrastructure.TEST_PARTITIONS));

			ConfigResource audit = new ConfigResource(ConfigResource.Type.TOPIC, Topic.AUDIT.topicName());
			String retention = admin.describeConfigs(Set.of(audit))
				.all()
				.get(30, TimeUnit.SECONDS)
				.get(audit)
				.get("retention.ms")
				.value();
			assertThat(Long.parseLong(retention)).isEqualTo(Topic.AUDIT.retention().toMillis());
		}
	}

	@Test
	void sharedDefaultsApplyBelowTheServicesOwnConfiguration() {
		assertThat(this.environment.getProperty("spring.kafka.producer.acks")).isEqualTo("all");
		assertThat(this.environment.getProperty("spring.kafka.producer.properties.tributary.events.source"))
			.isEqualTo("/tributary/kit-test");
		assertThat(this.environment.getProperty("management.endpoint.health.group.readiness.include"))
			.isEqualTo("readinessState,kafka,redis");
	}

	@Test
	void kafkaClientsBufferWithinWhatASmallHeapAffords() {
		// Kafka's own defaults (32 MB per producer, 50 MB per fetch) exhausted a 128 MB
		// heap under overload; every stage's producers and consumers use these.
		assertThat(this.kafkaProperties.buildProducerProperties()).containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG,
				8L * 1024 * 1024);
		assertThat(this.kafkaProperties.buildConsumerProperties()).containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
				"2097152");
	}

	@Test
	void redisHealthAsksOverTheServicesOwnConnectionNotAReactiveOne() {
		// Spring Boot's reactive Redis configuration would give the health check a second
		// connection of its own, on Reactor, opened by the first readiness check.
		assertThat(this.context.getBeansOfType(DataRedisReactiveHealthIndicator.class)).isEmpty();
		assertThat(this.context.getBeansOfType(ReactiveRedisTemplate.class)).isEmpty();
		assertThat(this.context.getBean(DataRedisHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void kafkaHealthFollowsTheBroker(SharedInfrastructure infrastructure) {
		assertThat(this.kafkaHealth.health(true).getStatus()).isEqualTo(Status.UP);
		infrastructure.kafka().stop();
		try {
			assertThat(this.kafkaHealth.health(true).getStatus()).isEqualTo(Status.DOWN);
		}
		finally {
			infrastructure.kafka().start();
		}
		assertThat(this.kafkaHealth.health(true).getStatus()).isEqualTo(Status.UP);
	}

}
