package io.tributary.agent.ticket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.tributary.agent.dedup.DedupProperties;
import io.tributary.agent.dedup.DedupVerdict;
import io.tributary.agent.identity.Resolution;
import io.tributary.events.Channel;
import io.tributary.events.message.MessageNormalized;
import io.tributary.events.ticket.TicketStatus;
import io.tributary.kit.redis.ScriptPipeline;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Dedup, identity and ticket placement of a poll batch, in Redis, in one round trip: the
 * script {@code scripts/place-message.lua} does one message atomically, and the batch's
 * calls go in one pipeline, in order, so a message sees what the messages before it did
 * (the second message of a new customer joins the ticket the first opened). Before, the
 * same work took about twenty sequential round trips per message. A call Redis refuses
 * because of the message's own data comes back as a failed placement, and the others are
 * placed.
 *
 * <p>
 * Ids are deterministic: a new customer's id is derived from its first contact, a new
 * ticket's from the message id, so running a batch again (after a rollback or a crash)
 * finds the same customer and ticket.
 */
@Component
class MessagePlacement {

	// Read once. A script backed by a resource reads it again from inside the jar, for
	// its text and for the modification check behind its SHA-1, on every batch (seen in
	// a profile of bench/agent.sh).
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> PLACE = RedisScript.of(scriptText("scripts/place-message.lua"), List.class);

	private static final String AWAITING_FROM = String.join(" ",
			TicketStatus.from(TicketStatus.AWAITING_REPLY).stream().map(TicketStatus::name).toList());

	private final ScriptPipeline pipeline;

	private final DedupProperties dedup;

	private final TicketProperties tickets;

	MessagePlacement(ScriptPipeline pipeline, DedupProperties dedup, TicketProperties tickets) {
		this.pipeline = pipeline;
		this.dedup = dedup;
		this.tickets = tickets;
	}

	private static String scriptText(String location) {
		try {
			return new ClassPathResource(location).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Redis script " + location, ex);
		}
	}

	List<Placement> placeAll(List<MessageNormalized> messages) {
		List<ScriptPipeline.Call> calls = new ArrayList<>(messages.size());
		for (MessageNormalized message : messages) {
			calls.add(ScriptPipeline.Call.of(arguments(message)));
		}
		List<ScriptPipeline.Reply> replies = this.pipeline.runEach(PLACE, calls);
		List<Placement> placements = new ArrayList<>(replies.size());
		for (ScriptPipeline.Reply reply : replies) {
			placements.add(reply.failed() ? Placement.failed(reply.error()) : placement((List<?>) reply.value()));
		}
		return placements;
	}

	private List<String> arguments(MessageNormalized message) {
		List<String> contacts = contacts(message);
		List<String> answered = answered(message);
		List<String> args = new ArrayList<>(18 + contacts.size() + answered.size());
		String subject = message.subject();
		String rfcMessageId = message.threading().messageIdHeader();
		args.addAll(List.of(message.messageId(), message.contactKey(), String.valueOf(message.contentHash()),
				Long.toString(this.dedup.contentWindow().toMillis()), derivedCustomerId(contacts.get(0)),
				derivedTicketId(message.messageId()), message.channel().name(), message.receivedAt().toString(),
				Long.toString(message.receivedAt().toEpochMilli()), (subject != null) ? subject : "",
				(subject != null) ? "1" : "0", (rfcMessageId != null) ? rfcMessageId : "",
				Long.toString(this.tickets.openWindow().toMillis()),
				Long.toString(this.tickets.threadRetention().toMillis()), AWAITING_FROM,
				Long.toString(this.dedup.idRetention().toMillis())));
		args.add(Integer.toString(contacts.size()));
		args.addAll(contacts);
		args.add(Integer.toString(answered.size()));
		args.addAll(answered);
		return args;
	}

	/** The message's contacts, its contact key first. */
	private static List<String> contacts(MessageNormalized message) {
		List<String> contacts = new ArrayList<>(3);
		contacts.add(message.contactKey());
		for (String contact : new String[] { message.email(), message.phone() }) {
			if (contact != null && !contacts.contains(contact)) {
				contacts.add(contact);
			}
		}
		return contacts;
	}

	/** The emails a message answers: In-Reply-To, then References, newest first. */
	private static List<String> answered(MessageNormalized message) {
		List<String> answered = new ArrayList<>();
		if (message.channel() != Channel.EMAIL) {
			return answered;
		}
		if (message.threading().inReplyTo() != null) {
			answered.add(message.threading().inReplyTo());
		}
		List<String> references = new ArrayList<>(message.threading().references());
		Collections.reverse(references);
		answered.addAll(references);
		return answered;
	}

	private static Placement placement(List<?> reply) {
		DedupVerdict verdict = DedupVerdict.valueOf((String) reply.get(0));
		if (verdict != DedupVerdict.NEW) {
			return Placement.repeat(verdict, (reply.size() > 1) ? (String) reply.get(1) : null);
		}
		String customerId = (String) reply.get(1);
		Resolution customer = new Resolution(customerId, strings(reply.get(7)), "1".equals(reply.get(2)),
				strings(reply.get(6)), "1".equals(reply.get(9)));
		String awaitingReplyFrom = (String) reply.get(8);
		TicketAssignment ticket = new TicketAssignment((String) reply.get(3), "1".equals(reply.get(4)),
				(String) reply.get(5), awaitingReplyFrom.isEmpty() ? null : TicketStatus.valueOf(awaitingReplyFrom));
		return new Placement(verdict, null, customer, ticket, null);
	}

	private static List<String> strings(Object list) {
		List<String> strings = new ArrayList<>();
		for (Object value : (List<?>) list) {
			strings.add((String) value);
		}
		return List.copyOf(strings);
	}

	static String derivedCustomerId(String firstContact) {
		return "cus-" + UUID.nameUUIDFromBytes(firstContact.getBytes(StandardCharsets.UTF_8));
	}

	static String derivedTicketId(String messageId) {
		return "tkt-" + UUID.nameUUIDFromBytes(messageId.getBytes(StandardCharsets.UTF_8));
	}

}
