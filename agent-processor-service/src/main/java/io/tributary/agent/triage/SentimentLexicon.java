package io.tributary.agent.triage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Sentiment as the sum of word scores from {@code sentiment-lexicon.tsv} (word, tab,
 * score from -5 to 5), with a negation ("not", "never", "no", "don't") flipping the next
 * scored word. Crude on purpose: it only has to tell an angry customer from a calm one,
 * and its reasons are inspectable.
 */
@Component
public class SentimentLexicon {

	private static final Pattern WORDS = Pattern.compile("[^\\p{L}']+");

	private final Map<String, Integer> scores;

	public SentimentLexicon() {
		this.scores = load("sentiment-lexicon.tsv");
	}

	public int score(String text) {
		int total = 0;
		boolean negated = false;
		for (String word : WORDS.split(text.toLowerCase(Locale.ROOT))) {
			if (word.isEmpty()) {
				continue;
			}
			if (word.equals("not") || word.equals("never") || word.equals("no") || word.endsWith("n't")) {
				negated = true;
				continue;
			}
			Integer score = this.scores.get(word);
			if (score != null) {
				total += negated ? -score : score;
				negated = false;
			}
		}
		return total;
	}

	private static Map<String, Integer> load(String resource) {
		Map<String, Integer> scores = new HashMap<>();
		try (InputStream in = SentimentLexicon.class.getClassLoader().getResourceAsStream(resource);
				BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			reader.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).forEach((line) -> {
				String[] parts = line.split("\t");
				scores.put(parts[0].strip().toLowerCase(Locale.ROOT), Integer.parseInt(parts[1].strip()));
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + resource, ex);
		}
		return Map.copyOf(scores);
	}

}
