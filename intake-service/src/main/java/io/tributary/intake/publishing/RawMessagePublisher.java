package io.tributary.intake.publishing;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.events.TributaryEvent;
import io.tributary.events.catalogue.Topic;
import io.tributary.events.message.MessageReceived;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Stores raw messages in {@code ingestion.raw.messages}, keyed by contact so a customer's
 * messages stay in order. Returns only once Kafka acknowledged the record with
 * {@code acks=all}; if that does not happen within the configured bound, throws
 * {@link IntakeUnavailableException} so the request answers 503 instead of hanging or
 * acknowledging what is not stored.
 */
@Component
public class RawMessagePublisher {

	private static final Logger LOG = LoggerFactory.getLogger(RawMessagePublisher.class);

	private final KafkaTemplate<String, TributaryEvent> kafka;

	private final PublishingProperties properties;

	private final Timer latency;

	private final MeterRegistry meters;

	public RawMessagePublisher(KafkaTemplate<String, TributaryEvent> kafka, PublishingProperties properties,
			MeterRegistry meters) {
		this.kafka = kafka;
		this.properties = properties;
		this.meters = meters;
		this.latency = Timer.builder("tributary.intake.publish.latency")
			.description("Time from send to acks=all acknowledgement of a raw message")
			.publishPercentileHistogram()
			.register(meters);
	}

	public void publish(MessageReceived message) {
		long started = System.nanoTime();
		try {
			this.kafka.send(Topic.RAW_MESSAGES.topicName(), message.contactKey(), message)
				.get(this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
			this.latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(message, ex);
		}
		catch (ExecutionException | TimeoutException | KafkaException | org.springframework.kafka.KafkaException ex) {
			throw unavailable(message, ex);
		}
	}

	private IntakeUnavailableException unavailable(MessageReceived message, Exception cause) {
		LOG.warn("Kafka did not acknowledge {} within {}: {}", message.messageId(), this.properties.timeout(),
				cause.toString());
		this.meters.counter("tributary.intake.publish.failures").increment();
		return new IntakeUnavailableException(this.properties.retryAfter(), cause);
	}

}
