package io.tributary.intake.normalizer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.transaction.KafkaTransactionManager;

/**
 * The normalizer's transactional producer, template and transaction manager, held
 * together rather than exposed as beans: a {@code KafkaTemplate} or
 * {@code ProducerFactory} bean would make Spring Boot back off from the plain idempotent
 * ones the HTTP path uses.
 *
 * @param producers the transactional producer factory
 * @param template the template that joins the listener's transaction
 * @param transactions the transaction manager of the listener container
 */
record NormalizerKafka(DefaultKafkaProducerFactory<String, Object> producers, KafkaTemplate<String, Object> template,
		KafkaTransactionManager<String, Object> transactions) implements DisposableBean {

	@Override
	public void destroy() {
		this.producers.destroy();
	}

}
