package io.tributary.intake.normalizer;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.tributary.events.serde.EventOrBytesSerializer;
import org.apache.kafka.clients.producer.ProducerConfig;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The normalizer's exactly-once plumbing: its own transactional producer (the HTTP path
 * keeps a plain idempotent one, so requests never pay for transactions), a transaction
 * manager on its listener container, and an after-rollback processor that retries
 * unexpected failures a few times and sends permanent ones straight to
 * {@link RejectedMessages}, committing the recovered offset in the same transaction as
 * the dead letter.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tributary.intake.normalizer.enabled", matchIfMissing = true)
class NormalizerConfiguration {

	@Bean
	NormalizerKafka normalizerKafka(KafkaProperties kafka) {
		Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventOrBytesSerializer.class);
		DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(config);
		// Unique per process: two replicas must never share a transactional id.
		factory.setTransactionIdPrefix("intake-normalizer-" + UUID.randomUUID() + "-");
		return new NormalizerKafka(factory, new KafkaTemplate<>(factory), new KafkaTransactionManager<>(factory));
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> normalizerContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			NormalizerKafka kafka, NormalizerProperties properties) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumers);
		factory.getContainerProperties().setKafkaAwareTransactionManager(kafka.transactions());
		factory.setBatchListener(true);
		// Bad records are rejected inside the listener; what rolls a batch back is
		// transient (Kafka
		// unavailable, a fenced producer), so the batch is retried with backoff until it
		// succeeds.
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2);
		backOff.setMaxInterval(10_000);
		factory.setAfterRollbackProcessor(new DefaultAfterRollbackProcessor<>(backOff));
		factory.setConcurrency(properties.concurrency());
		return factory;
	}

}
