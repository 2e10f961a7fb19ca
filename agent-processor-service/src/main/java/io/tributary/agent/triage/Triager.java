package io.tributary.agent.triage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.lettuce.core.Range;
import io.tributary.events.ticket.TicketRequested;

import io.tributary.kit.redis.ScriptPipeline;

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

	/** ZADD, ZREMRANGEBYSCORE, PEXPIRE and ZCOUNT: the count is the last reply. */
	private static final int COMMANDS_PER_COUNT = 4;

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
	 * for each request, adds its message to the customer's recent contacts (a sorted set
	 * by time, so a retried message counts once), drops what is older than twice the
	 * window, keeps the set for twice the window, and counts those within the window. All
	 * as plain commands in one round trip, in order: a script call would cost Redis more
	 * for the same work (docs/BENCHMARKS.md), and nothing here needs a condition
	 * evaluated inside Redis. Another instance's commands may run in between; each
	 * command is safe to repeat, and a count that includes another message of the
	 * customer counted at the same moment is a count of recent contacts too.
	 * @param requests the requests, in batch order
	 * @return each request's count, in the same order; a request whose commands Redis
	 * refused (the customer's key holds another type) comes back failed with the first
	 * refusal
	 */
	public List<ScriptPipeline.Reply> countRecentContacts(List<TicketRequested> requests) {
		long window = this.rules.repeatWindow().toMillis();
		List<ScriptPipeline.Command> commands = new ArrayList<>(COMMANDS_PER_COUNT * requests.size());
		for (TicketRequested request : requests) {
			byte[] key = bytes("triage:{" + request.customerId() + "}:contacts");
			long at = request.receivedAt().toEpochMilli();
			byte[] member = bytes(request.messageId());
			commands.add((redis) -> redis.zadd(key, at, member));
			commands.add((redis) -> redis.zremrangebyscore(key, Range.create(0, at - 2 * window)));
			commands.add((redis) -> redis.pexpire(key, 2 * window));
			commands.add((redis) -> redis.zcount(key, Range.create(at - window, at)));
		}
		List<ScriptPipeline.Reply> replies = this.pipeline.runEachCommand(commands);
		List<ScriptPipeline.Reply> counts = new ArrayList<>(requests.size());
		for (int i = 0; i < requests.size(); i++) {
			List<ScriptPipeline.Reply> ofRequest = replies.subList(COMMANDS_PER_COUNT * i,
					COMMANDS_PER_COUNT * (i + 1));
			counts.add(ofRequest.stream()
				.filter(ScriptPipeline.Reply::failed)
				.findFirst()
				.orElse(ofRequest.get(COMMANDS_PER_COUNT - 1)));
		}
		return counts;
	}

	/**
	 * Triages one request.
	 * @param request the request
	 * @param recentContacts its count from {@link #countRecentContacts}
	 * @return the triage
	 * @throws ScriptPipeline.CallRefused when Redis refused to count
	 */
	public Triage triage(TicketRequested request, ScriptPipeline.Reply recentContacts) {
		return triage(request, (Long) recentContacts.valueOrThrow());
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

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private boolean containsWord(String text, String keyword) {
		return WholeWords.contains(text, this.lowerCased.get(keyword));
	}

}
