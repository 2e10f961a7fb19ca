package io.tributary.agent.ticket;

import io.tributary.kit.stage.TransactionalStage;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The ticketing stage's exactly-once plumbing: a transactional producer and a batch
 * listener container whose transaction covers a poll batch's output and offsets.
 */
@Configuration(proxyBeanMethods = false)
class TicketingConfiguration {

	@Bean
	TransactionalStage ticketingStage(KafkaProperties kafka) {
		return TransactionalStage.create(kafka, "agent-ticketing");
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> ticketingContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			TransactionalStage ticketingStage, TicketProperties properties) {
		return ticketingStage.batchContainerFactory(configurer, consumers, properties.concurrency());
	}

}
