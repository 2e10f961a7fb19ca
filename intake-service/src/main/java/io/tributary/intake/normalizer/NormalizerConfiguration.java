package io.tributary.intake.normalizer;

import io.tributary.kit.stage.TransactionalStage;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The normalizer's exactly-once plumbing: its own transactional producer (the HTTP path
 * keeps a plain idempotent one, so requests never pay for transactions), and a batch
 * listener container whose transaction covers a poll batch's output and offsets.
 */
@Configuration(proxyBeanMethods = false)
class NormalizerConfiguration {

	@Bean
	TransactionalStage normalizerStage(KafkaProperties kafka) {
		return TransactionalStage.create(kafka, "intake-normalizer");
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> normalizerContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			TransactionalStage normalizerStage, NormalizerProperties properties) {
		return normalizerStage.batchContainerFactory(configurer, consumers, properties.concurrency());
	}

}
