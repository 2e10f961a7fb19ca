package io.tributary.agent.reply;

import io.tributary.kit.stage.TransactionalStage;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The reply stage's exactly-once plumbing, independent of the ticketing stage so each
 * scales and replays on its own.
 */
@Configuration(proxyBeanMethods = false)
class ReplyConfiguration {

	@Bean
	TransactionalStage replyStage(KafkaProperties kafka) {
		return TransactionalStage.create(kafka, "agent-replies");
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> replyContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			TransactionalStage replyStage, ReplyProperties properties) {
		return replyStage.batchContainerFactory(configurer, consumers, properties.concurrency());
	}

}
