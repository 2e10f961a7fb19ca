package io.tributary.notification.delivery;

import io.tributary.kit.stage.TransactionalStage;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/** The delivery stage's transactional producer and batch container. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

	@Bean
	TransactionalStage deliveryStage(KafkaProperties kafka) {
		return TransactionalStage.create(kafka, "notification-delivery");
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> deliveryContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			TransactionalStage deliveryStage, DeliveryProperties properties) {
		return deliveryStage.batchContainerFactory(configurer, consumers, properties.concurrency());
	}

}
