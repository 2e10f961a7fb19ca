package io.tributary.notification.audit;

import java.util.Properties;

import io.tributary.kit.stage.TransactionalStage;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The audit listener's container: the operations stage's transactions, with fetches that
 * wait for a batch. Every service writes several audit entries per message, and a poll
 * batch of one entry costs the broker a whole transaction (offsets, end, markers): at low
 * rates that was about half of all the transactions the broker ran (measured on the local
 * stack, see docs/BENCHMARKS.md).
 */
@Configuration(proxyBeanMethods = false)
class AuditConsumerConfiguration {

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> auditContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			TransactionalStage operationsStage, AuditProperties properties) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = operationsStage
			.batchContainerFactory(configurer, consumers, 1);
		Properties batching = new Properties();
		batching.setProperty(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Long.toString(properties.batchSize().toBytes()));
		batching.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(properties.batchWait().toMillis()));
		// Set on each container: set on the factory's own container properties, these
		// overrides did not reach the consumers (tried; the batching test failed).
		factory.setContainerCustomizer(
				(container) -> container.getContainerProperties().setKafkaConsumerProperties(batching));
		return factory;
	}

}
