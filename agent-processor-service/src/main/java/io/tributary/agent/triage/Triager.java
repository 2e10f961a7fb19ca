package io.tributary.agent.triage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.tributary.events.ticket.TicketRequested;

import org.springframework.data.redis.core.StringRedisTemplate;
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

	private final StringRedisTemplate redis;

	/** Every keyword's whole-word pattern, compiled once rather than per message. */
	private final Map<String, Pattern> wordPatterns = new HashMap<>();

	public Triager(TriageProperties rules, SentimentLexicon sentiment, StringRedisTemplate redis) {
		this.rules = rules;
		this.sentiment = sentiment;
		this.redis = redis;
		rules.categories().values().forEach((keywords) -> keywords.forEach(this::compile));
		rules.escalationKeywords().forEach(this::compile);
	}

	private void compile(String keyword) {
		this.wordPatterns.computeIfAbsent(keyword,
				(word) -> Pattern.compile("\\b" + Pattern.quote(word.toLowerCase(Locale.ROOT)) + "\\b"));
	}

	public Triage triage(TicketRequested request) {
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
		long recent = recentContacts(request);
		if (recent >= this.rules.repeatedContacts()) {
			reasons.add("repeated contacts: " + recent + " within " + this.rules.repeatWindow());
		}
		Priority priority = reasons.isEmpty() ? ((score < 0) ? Priority.NORMAL : Priority.LOW)
				: (reasons.size() > 1 || score <= this.rules.negativeSentiment()) ? Priority.URGENT : Priority.HIGH;
		return new Triage(category, score, priority, List.copyOf(reasons));
	}

	private long recentContacts(TicketRequested request) {
		String key = "triage:{" + request.customerId() + "}:contacts";
		long at = request.receivedAt().toEpochMilli();
		this.redis.opsForZSet().add(key, request.messageId(), at);
		this.redis.opsForZSet().removeRangeByScore(key, 0, at - 2 * this.rules.repeatWindow().toMillis());
		this.redis.expire(key, this.rules.repeatWindow().multipliedBy(2));
		Long count = this.redis.opsForZSet().count(key, at - this.rules.repeatWindow().toMillis(), at);
		return (count != null) ? count : 0;
	}

	private boolean containsWord(String text, String keyword) {
		return this.wordPatterns.get(keyword).matcher(text).find();
	}

}
