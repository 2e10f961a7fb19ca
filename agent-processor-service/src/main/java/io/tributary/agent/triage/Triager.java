package io.tributary.agent.triage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tributary.events.ticket.TicketRequested;

import io.tributary.kit.redis.ScriptPipeline;

import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Triages a ticket request with the configured rules. Repeated contacts are counted in a
 * sorted set of message ids per customer ({@code triage:{customerId}:contacts}), so
 * counting the same message again (a retried batch) changes nothing.
 */
@Component
public class Triager {

	private final TriageProperties rules;

	private final SentimentLexicon sentiment;

	/**
	 * Adds the message to the customer's recent contacts (a sorted set by time, so a
	 * retried message counts once), drops what is older than twice the window, and counts
	 * those within the window.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> COUNT_RECENT = RedisScript.of("""
			redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ARGV[5])
			return {redis.call('ZCOUNT', KEYS[1], ARGV[4], ARGV[1])}
			""", List.class);

	private final ScriptPipeline pipeline;

	/**
	 * Every keyword in lower case, as it is searched for, made once rather than per
	 * message.
	 */
	private final Map<String, String> lowerCased = new HashMap<>();

	public Triager(TriageProperties rules, SentimentLexicon sentiment, ScriptPipeline pipeline) {
		this.rules = rules;
		this.sentiment = sentiment;
		this.pipeline = pipeline;
		rules.categories().values().forEach((keywords) -> keywords.forEach(this::lowerCase));
		rules.escalationKeywords().forEach(this::lowerCase);
	}

	private void lowerCase(String keyword) {
		this.lowerCased.computeIfAbsent(keyword, (word) -> word.toLowerCase(Locale.ROOT));
	}

	/**
	 * Counts each request's customer's recent contacts, the only Redis work of triage:
	 * one script call per request, all in one round trip, in order.
	 * @param requests the requests, in batch order
	 * @return each request's count, in the same order; a call Redis refused (the
	 * customer's key holds another type) comes back failed
	 */
	public List<ScriptPipeline.Reply> countRecentContacts(List<TicketRequested> requests) {
		long window = this.rules.repeatWindow().toMillis();
		List<ScriptPipeline.Call> calls = new ArrayList<>(requests.size());
		for (TicketRequested request : requests) {
			long at = request.receivedAt().toEpochMilli();
			calls.add(new ScriptPipeline.Call(List.of("triage:{" + request.customerId() + "}:contacts"),
					List.of(Long.toString(at), request.messageId(), Long.toString(at - 2 * window),
							Long.toString(at - window), Long.toString(2 * window))));
		}
		return this.pipeline.runEach(COUNT_RECENT, calls);
	}

	/**
	 * Triages one request.
	 * @param request the request
	 * @param recentContacts its count from {@link #countRecentContacts}
	 * @return the triage
	 * @throws ScriptPipeline.CallRefused when Redis refused to count
	 */
	public Triage triage(TicketRequested request, ScriptPipeline.Reply recentContacts) {
		return triage(request, (Long) ((List<?>) recentContacts.valueOrThrow()).get(0));
	}

	private Triage triage(TicketRequested request, long recentContacts) {
		String text = ((request.subject() != null) ? request.subject() + "\n" : "") + request.text();
		String lower = text.toLowerCase(Locale.ROOT);
		String category = "general";
		for (Map.Entry<String, List<String>> rule : this.rules.categories().entrySet()) {
			if (rule.getValue().stream().anyMatch((keyword) -> containsWord(lower, keyword))) {
				category = rule.getKey();
				break;
			}
		}
		List<String> reasons = new ArrayList<>();
		this.rules.escalationKeywords()
			.stream()
			.filter((keyword) -> containsWord(lower, keyword))
			.findFirst()
			.ifPresent((keyword) -> reasons.add("keyword: " + keyword));
		int score = this.sentiment.score(text);
		if (score <= this.rules.negativeSentiment()) {
			reasons.add("negative sentiment: " + score);
		}
		if (recentContacts >= this.rules.repeatedContacts()) {
			reasons.add("repeated contacts: " + recentContacts + " within " + this.rules.repeatWindow());
		}
		Priority priority = reasons.isEmpty() ? ((score < 0) ? Priority.NORMAL : Priority.LOW)
				: (reasons.size() > 1 || score <= this.rules.negativeSentiment()) ? Priority.URGENT : Priority.HIGH;
		return new Triage(category, score, priority, List.copyOf(reasons));
	}

	private boolean containsWord(String text, String keyword) {
		return WholeWords.contains(text, this.lowerCased.get(keyword));
	}

}
