package io.tributary.kit;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.kit.health.KafkaHealthIndicator;
import io.tributary.kit.metrics.MetricsSnapshotProperties;
import io.tributary.kit.metrics.MetricsSnapshotPublisher;
import io.tributary.kit.progress.MessageProgress;
import io.tributary.kit.progress.ProgressProperties;
import io.tributary.kit.redis.RedisMemoryMeters;
import io.tributary.kit.redis.RedisProblems;
import io.tributary.kit.redis.ScriptPipeline;
import io.tributary.kit.topics.CatalogueTopics;
import io.tributary.kit.topics.TopicProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Wires the shared pieces into every service.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, DataRedisAutoConfiguration.class })
@EnableConfigurationProperties({ TopicProperties.class, ProgressProperties.class, MetricsSnapshotProperties.class })
public class TributaryServiceAutoConfiguration {

	/**
	 * The catalogue's topics, or none where an operator (Strimzi) owns them. Settings
	 * that vary by deployment are read when the bean is created, never in a condition: an
	 * AOT-processed build fixes its conditions when it is built.
	 */
	@Bean
	KafkaAdmin.NewTopics catalogueTopics(TopicProperties properties) {
		return properties.create() ? CatalogueTopics.declare(properties.settings()) : new KafkaAdmin.NewTopics();
	}

	@Bean
	@ConditionalOnMissingBean
	ScriptPipeline scriptPipeline(RedisConnectionFactory connections, Environment environment, MeterRegistry meters) {
		return new ScriptPipeline(connections,
				environment.getProperty("spring.data.redis.timeout", Duration.class, Duration.ofSeconds(10)), meters);
	}

	@Bean
	@ConditionalOnMissingBean
	RedisProblems redisProblems() {
		return new RedisProblems();
	}

	@Bean
	@ConditionalOnMissingBean
	RedisMemoryMeters redisMemoryMeters(RedisConnectionFactory connections) {
		return new RedisMemoryMeters(connections);
	}

	@Bean
	@ConditionalOnMissingBean
	MessageProgress messageProgress(StringRedisTemplate redis, ScriptPipeline pipeline, ProgressProperties properties) {
		return new MessageProgress(redis, pipeline, properties.retention(), Clock.systemUTC());
	}

	@Bean
	MetricsSnapshotPublisher metricsSnapshotPublisher(MeterRegistry registry, KafkaProperties kafka,
			MetricsSnapshotProperties properties, Environment environment) {
		return new MetricsSnapshotPublisher(registry, kafka, properties,
				environment.getProperty("spring.application.name", "application"));
	}

	@Bean
	@ConditionalOnMissingBean(name = "kafkaHealthIndicator")
	KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin, TopicProperties properties) {
		return new KafkaHealthIndicator(admin.getConfigurationProperties(), properties.healthTimeout());
	}

}
