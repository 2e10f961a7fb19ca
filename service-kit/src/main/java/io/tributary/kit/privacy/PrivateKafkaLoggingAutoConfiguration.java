package io.tributary.kit.privacy;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.ProducerListener;

/**
 * Runs before Spring Boot's Kafka auto-configuration so that Boot's logging producer
 * listener backs off in favour of {@link PrivateProducerListener}.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
public class PrivateKafkaLoggingAutoConfiguration {

	@Bean
	ProducerListener<Object, Object> kafkaProducerListener() {
		// Spring Kafka formats records in its own log lines (listener failures, retries);
		// without this it
		// prints their keys and values.
		KafkaUtils.setConsumerRecordFormatter(RecordLogFormat::of);
		KafkaUtils.setProducerRecordFormatter(RecordLogFormat::of);
		return new PrivateProducerListener();
	}

}
