package io.tributary.kit.privacy;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.support.ProducerListener;

/**
 * Replaces Spring Kafka's {@code LoggingProducerListener}, which logs the key and value
 * of a failed send: here that would be a customer's address and message.
 */
public class PrivateProducerListener implements ProducerListener<Object, Object> {

	private static final Logger LOG = LoggerFactory.getLogger(PrivateProducerListener.class);

	@Override
	public void onError(ProducerRecord<Object, Object> record, RecordMetadata metadata, Exception exception) {
		LOG.error("Send to {} failed: {}", RecordLogFormat.of(record), exception.toString());
	}

}
