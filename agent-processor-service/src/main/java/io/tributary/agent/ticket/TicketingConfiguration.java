package io.tributary.agent.ticket;

import java.util.Map;

import io.tributary.kit.stage.TransactionalStage;
import org.apache.kafka.clients.producer.ProducerConfig;

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

	/**
	 * Ticket moves asked for over HTTP (closing), in their own transactions. A producer
	 * waits at most 10 s for Kafka, so the request answers 503 instead of hanging for
	 * Kafka's default minute; it is created by the first close.
	 */
	@Bean
	TransactionalStage ticketDeskStage(KafkaProperties kafka) {
		return TransactionalStage.create(kafka, "agent-ticket-desk",
				Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> ticketingContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			TransactionalStage ticketingStage, TicketProperties properties) {
		return ticketingStage.batchContainerFactory(configurer, consumers, properties.concurrency());
	}

}
