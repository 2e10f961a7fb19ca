package io.tributary.notification;

import io.tributary.kit.stage.TransactionalStage;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * One stage shared by the operations listeners (alerts, audit, metrics snapshots): each
 * has its own group and container, but they publish nothing except dead letters, so one
 * transactional producer factory serves them all.
 */
@Configuration(proxyBeanMethods = false)
class OperationsStageConfiguration {

	@Bean
	TransactionalStage operationsStage(KafkaProperties kafka) {
		return TransactionalStage.create(kafka, "notification-operations");
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> operationsContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			TransactionalStage operationsStage) {
		return operationsStage.batchContainerFactory(configurer, consumers, 1);
	}

}
