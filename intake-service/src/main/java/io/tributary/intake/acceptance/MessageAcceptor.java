package io.tributary.intake.acceptance;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.events.EventMetadata;
import io.tributary.events.message.MessageReceived;
import io.tributary.intake.contact.ContactNormalizer;
import io.tributary.intake.publishing.RawMessagePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Service;

/**
 * Accepts a message read by any channel. The order matters: the message is acknowledged
 * only after Kafka has it ({@code acks=all}); its RECEIVED progress is written after that
 * ({@link ReceivedProgress}) and never fails the request, because the stored message is
 * what the sender is promised. The audit entry is the normalizer's.
 */
@Service
public class MessageAcceptor {

	private static final Logger LOG = LoggerFactory.getLogger(MessageAcceptor.class);

	private final ContactNormalizer contacts;

	private final RawMessagePublisher publisher;

	private final ReceivedProgress receivedProgress;

	private final MeterRegistry meters;

	private final Clock clock;

	private final RequestFingerprints fingerprints;

	MessageAcceptor(ContactNormalizer contacts, RawMessagePublisher publisher, ReceivedProgress receivedProgress,
			RequestFingerprints fingerprints, MeterRegistry meters) {
		this.contacts = contacts;
		this.fingerprints = fingerprints;
		this.publisher = publisher;
		this.receivedProgress = receivedProgress;
		this.meters = meters;
		this.clock = Clock.systemUTC();
	}

	public AcceptedMessage accept(InboundMessage inbound) {
		return accept(inbound, null);
	}

	/**
	 * Accepts a message whose id comes from a client's idempotency key: the key's first
	 * request is remembered by its fingerprint, and the same key with a different request
	 * is refused ({@link RequestFingerprints}). Ids a provider assigns (Postmark's,
	 * Twilio's, Meta's) are not checked this way: their retries may differ in bytes that
	 * do not matter, and a provider told 422 drops the message.
	 * @param inbound the message
	 * @param fingerprint a digest of what the client sent, or null to check nothing
	 * @return the accepted message
	 * @throws io.tributary.intake.system.IdempotencyKeyReusedException when the key's
	 * first request said something else
	 */
	public AcceptedMessage accept(InboundMessage inbound, String fingerprint) {
		String contactKey = this.contacts.contactKey(inbound.sender());
		String messageId = idOf(inbound, contactKey, inbound.providerMessageId());
		if (fingerprint != null && inbound.providerMessageId() != null) {
			this.fingerprints.claim(messageId, fingerprint);
		}
		return publish(inbound, contactKey, messageId);
	}

	/**
	 * Accepts a message whose id was chosen by the sender's own software, as an email's
	 * {@code Message-ID} is. Broken mailers reuse one for different emails; taken as it
	 * is, the second email would be skipped downstream as a repeat of the first, and
	 * answering a provider 422 would make it drop the email. So the id's first message is
	 * remembered by its fingerprint, a retry (the same content) keeps its id, and a
	 * different message under the same id is accepted under an id of its own, derived
	 * from the id and its content (so its own retries keep that one).
	 * @param inbound the message
	 * @param fingerprint a digest of the message's content, the same for every delivery
	 * of it
	 * @return the accepted message
	 */
	public AcceptedMessage acceptUnderSenderChosenId(InboundMessage inbound, String fingerprint) {
		String contactKey = this.contacts.contactKey(inbound.sender());
		String messageId = idOf(inbound, contactKey, inbound.providerMessageId());
		if (inbound.providerMessageId() != null && this.fingerprints.reusedForOther(messageId, fingerprint)) {
			String ownId = idOf(inbound, contactKey, inbound.providerMessageId() + '#' + fingerprint);
			LOG.info("A {} message reuses the sender's id of {} with different content; accepted as {}",
					inbound.provider(), messageId, ownId);
			this.meters.counter("tributary.intake.sender-ids.reused", "channel", inbound.channel().name()).increment();
			return publish(inbound, contactKey, ownId);
		}
		return publish(inbound, contactKey, messageId);
	}

	private static String idOf(InboundMessage inbound, String contactKey, String providerMessageId) {
		return MessageIds.of(inbound.channel(), inbound.provider(), contactKey, providerMessageId);
	}

	private AcceptedMessage publish(InboundMessage inbound, String contactKey, String messageId) {
		Instant now = Instant.now(this.clock);
		MessageReceived event = new MessageReceived(EventMetadata.first(messageId, now), messageId, inbound.channel(),
				inbound.provider(), inbound.providerMessageId(), contactKey, inbound.sender(), inbound.subject(),
				inbound.body(), inbound.bodyFormat(), inbound.threading(), inbound.attachments(), now,
				inbound.attributes());

		this.publisher.publish(event, this::recordReceived);
		this.meters
			.counter("tributary.intake.messages.accepted", "channel", inbound.channel().name(), "provider",
					inbound.provider())
			.increment();
		return AcceptedMessage.of(messageId);
	}

	/**
	 * Started when Kafka acknowledged the message, on the producer's thread; the request
	 * answers once this is done too.
	 */
	private CompletableFuture<Void> recordReceived(MessageReceived event) {
		return this.receivedProgress
			.record(event.messageId(), Map.of("channel", event.channel().name(), "provider", event.provider()))
			.exceptionally((failure) -> {
				// The message is safe in Kafka; a missing progress entry only delays what
				// the status shows.
				LOG.warn("Could not record progress of {}: {}", event.messageId(),
						NestedExceptionUtils.getMostSpecificCause(failure).toString());
				this.meters.counter("tributary.intake.progress.failures").increment();
				return null;
			});
	}

}
