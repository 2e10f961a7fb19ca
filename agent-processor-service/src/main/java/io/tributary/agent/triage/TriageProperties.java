package io.tributary.agent.triage;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Triage rules, all configuration (defaults in {@code application.yml}).
 *
 * @param categories category name to the keywords that put a message in it (first match
 * in order wins)
 * @param escalationKeywords words that always hand the ticket to a person (refund, legal,
 * cancel, asking for a human)
 * @param negativeSentiment sentiment score at or below which the ticket escalates
 * @param repeatedContacts messages from one customer within {@code repeatWindow} that
 * escalate
 * @param repeatWindow the window for repeated contacts
 * @param minConfidence answer confidence below which the reply is an acknowledgement and
 * the ticket escalates
 */
@ConfigurationProperties("tributary.agent.triage")
public record TriageProperties(Map<String, List<String>> categories, List<String> escalationKeywords,
		@DefaultValue("-3") int negativeSentiment, @DefaultValue("3") int repeatedContacts,
		@DefaultValue("1h") Duration repeatWindow, @DefaultValue("0.35") double minConfidence) {

	public TriageProperties {
		categories = (categories != null) ? categories : Map.of();
		escalationKeywords = (escalationKeywords != null) ? escalationKeywords : List.of();
		// A blank keyword would be found at the edge of any word: every message would
		// match it.
		categories.forEach((category, keywords) -> requireWords(keywords, "categories." + category));
		requireWords(escalationKeywords, "escalation-keywords");
	}

	private static void requireWords(List<String> keywords, String property) {
		if (keywords.stream().anyMatch((keyword) -> keyword == null || keyword.isBlank())) {
			throw new IllegalArgumentException("tributary.agent.triage." + property + " holds a blank keyword");
		}
	}

}
