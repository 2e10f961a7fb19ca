package io.tributary.intake.publishing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

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
 * {@code acks=all} (and what the caller chained on that finished); if that does not
 * happen within the configured bound, throws {@link IntakeUnavailableException} so the
 * request answers 503 instead of hanging or acknowledging what is not stored.
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

	/**
	 * Stores a raw message and, once Kafka acknowledged it, starts what must follow;
	 * returns when both are done, or when the bound passed with the message stored.
	 * Waiting once for both, instead of for each in turn, spares the request a wake-up.
	 * @param message the message
	 * @param afterStored started on the producer's thread when Kafka acknowledged the
	 * record, so it must not block; its future should complete within the bound, and a
	 * failure of it is its own to report
	 * @throws IntakeUnavailableException when Kafka did not acknowledge the record within
	 * the bound
	 */
	public void publish(MessageReceived message, Function<MessageReceived, CompletableFuture<?>> afterStored) {
		long started = System.nanoTime();
		CompletableFuture<?> stored;
		try {
			stored = this.kafka.send(Topic.RAW_MESSAGES.topicName(), message.contactKey(), message)
				.whenComplete((result, failure) -> {
					if (failure == null) {
						this.latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
					}
				});
		}
		catch (KafkaException | org.springframework.kafka.KafkaException ex) {
			throw unavailable(message, ex);
		}
		try {
			stored.thenCompose((result) -> afterStored.apply(message))
				.get(this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(message, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			if (!storedAlready(stored)) {
				throw unavailable(message, ex);
			}
			// Stored: what follows was late or failed, and reports that itself.
		}
	}

	private static boolean storedAlready(CompletableFuture<?> stored) {
		return stored.isDone() && !stored.isCompletedExceptionally();
	}

	private IntakeUnavailableException unavailable(MessageReceived message, Exception cause) {
		LOG.warn("Kafka did not acknowledge {} within {}: {}", message.messageId(), this.properties.timeout(),
				cause.toString());
		this.meters.counter("tributary.intake.publish.failures").increment();
		return new IntakeUnavailableException(this.properties.retryAfter(), cause);
	}

}
