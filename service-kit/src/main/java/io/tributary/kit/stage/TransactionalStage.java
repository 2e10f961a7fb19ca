package io.tributary.kit.stage;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.tributary.events.serde.EventOrBytesSerializer;
import org.apache.kafka.clients.producer.ProducerConfig;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One stage's transactional producer, template and transaction manager. Held together
 * rather than exposed as beans: a {@code KafkaTemplate} or {@code ProducerFactory} bean
 * would make Spring Boot back off from the plain idempotent ones that request paths use,
 * which should not pay for transactions.
 *
 * @param producers the transactional producer factory (values: events, or raw bytes for
 * dead letters)
 * @param template the template that joins the listener's transaction
 * @param transactions the transaction manager of the stage's listener container
 * @param deadLetters the stage's dead letters, sent within its transactions
 */
public record TransactionalStage(DefaultKafkaProducerFactory<String, Object> producers,
		KafkaTemplate<String, Object> template, KafkaTransactionManager<String, Object> transactions,
		DeadLetters deadLetters) implements DisposableBean {

	/**
	 * A stage with Spring Boot's producer settings and a transactional id unique to this
	 * process (two replicas must never share one).
	 * @param kafka Boot's Kafka properties
	 * @param name the stage's name, the prefix of its transactional ids
	 * @return the stage
	 */
	public static TransactionalStage create(KafkaProperties kafka, String name) {
		return create(kafka, name, Map.of());
	}

	/**
	 * A stage as {@link #create(KafkaProperties, String)} makes it, with some producer
	 * settings of its own (a request path's shorter {@code max.block.ms}, say).
	 * @param kafka Boot's Kafka properties
	 * @param name the stage's name, the prefix of its transactional ids
	 * @param overrides producer settings that take precedence over Boot's
	 * @return the stage
	 */
	public static TransactionalStage create(KafkaProperties kafka, String name, Map<String, Object> overrides) {
		Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
		config.putAll(overrides);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventOrBytesSerializer.class);
		// A process killed mid-batch leaves its transaction open, and read_committed
		// readers of those partitions wait until the broker aborts it: 15 s rather
		// than Kafka's 60. A batch takes about a second; a retry starts afresh.
		config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
		DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(config);
		factory.setTransactionIdPrefix(name + "-" + UUID.randomUUID() + "-");
		KafkaTemplate<String, Object> template = new KafkaTemplate<>(factory);
		KafkaTransactionManager<String, Object> transactions = new KafkaTransactionManager<>(factory);
		// Spring Kafka turns synchronization off by default, which would make AfterCommit
		// run its done-marks immediately, before the commit: a crash in between would
		// mark a message done whose records were then aborted, and it would be lost.
		transactions.setTransactionSynchronization(AbstractPlatformTransactionManager.SYNCHRONIZATION_ALWAYS);
		return new TransactionalStage(factory, template, transactions, new DeadLetters(template));
	}

	/**
	 * A batch listener container factory whose Kafka transaction covers each poll batch.
	 * Listeners reject bad records themselves inside the transaction; what rolls a batch
	 * back is transient (Kafka or Redis unavailable), so the batch is retried with
	 * exponential backoff until it succeeds.
	 * @param configurer Boot's configurer, for the listener settings from properties
	 * @param consumers the consumer factory
	 * @param concurrency consumer threads
	 * @return the factory
	 */
	public ConcurrentKafkaListenerContainerFactory<Object, Object> batchContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			int concurrency) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumers);
		factory.getContainerProperties().setKafkaAwareTransactionManager(this.transactions);
		factory.setBatchListener(true);
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2);
		backOff.setMaxInterval(10_000);
		factory.setAfterRollbackProcessor(new DefaultAfterRollbackProcessor<>(backOff));
		factory.setConcurrency(concurrency);
		return factory;
	}

	@Override
	public void destroy() {
		this.producers.destroy();
	}

}
