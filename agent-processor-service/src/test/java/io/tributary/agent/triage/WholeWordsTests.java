package io.tributary.agent.triage;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WholeWordsTests {

	@Test
	void aKeywordIsFoundOnlyAsAWholeWord() {
		assertThat(WholeWords.contains("where is my order?", "order")).isTrue();
		assertThat(WholeWords.contains("order 42 is late", "order")).isTrue();
		assertThat(WholeWords.contains("i re-order often", "order")).isTrue();
		assertThat(WholeWords.contains("i ordered twice", "order")).isFalse();
		assertThat(WholeWords.contains("reorder", "order")).isFalse();
		assertThat(WholeWords.contains("order_id 42", "order")).isFalse();
		assertThat(WholeWords.contains("order2", "order")).isFalse();
		assertThat(WholeWords.contains("", "order")).isFalse();
	}

	@Test
	void aLaterWholeOccurrenceCountsWhenAnEarlierOneIsPartOfAWord() {
		assertThat(WholeWords.contains("orders, and then one more order", "order")).isTrue();
		assertThat(WholeWords.contains("borders and orders", "order")).isFalse();
	}

	@Test
	void aPhraseMatchesWithItsOwnSpacing() {
		assertThat(WholeWords.contains("i cannot sign in today", "sign in")).isTrue();
		assertThat(WholeWords.contains("sign into it", "sign in")).isFalse();
		assertThat(WholeWords.contains("the app is not working.", "not working")).isTrue();
	}

	@Test
	void lettersOfAnyScriptAreWordCharacters() {
		// JDK 19 and later treat é as a boundary in \b; the customer wrote another word.
		assertThat(WholeWords.contains("commande annulée, cancelé", "cancel")).isFalse();
		assertThat(WholeWords.contains("bitte cancel über das portal", "cancel")).isTrue();
	}

	@Test
	void anEmptyKeywordIsNeverFound() {
		assertThat(WholeWords.contains("anything at all", "")).isFalse();
	}

	@Test
	void onAsciiTextItAgreesWithTheRegularExpressionItReplaced() {
		List<String> texts = List.of("Where is my order? My parcel has not arrived.",
				"I want a REFUND, or I call my lawyer!", "refunds are slow; refund-me now", "human-agent please",
				"a person, a personal note", "x", "", "cancel", "cancellation, cancel.", "sign in, sign-in, signin");
		List<String> keywords = List.of("order", "parcel", "arrived", "refund", "lawyer", "human", "agent", "person",
				"cancel", "sign in", "x", "in");
		for (String text : texts) {
			String lower = text.toLowerCase();
			for (String keyword : keywords) {
				boolean regex = Pattern.compile("\\b" + Pattern.quote(keyword) + "\\b").matcher(lower).find();
				assertThat(WholeWords.contains(lower, keyword)).as("'%s' in '%s'", keyword, text).isEqualTo(regex);
			}
		}
	}

	@Test
	void aBlankKeywordInTheRulesIsRefusedAtStartUp() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TriageProperties(Map.of("billing", List.of("invoice", " ")), List.of(), -3, 3,
					Duration.ofHours(1), 0.35))
			.withMessageContaining("tributary.agent.triage.categories.billing holds a blank keyword");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TriageProperties(Map.of(), List.of(""), -3, 3, Duration.ofHours(1), 0.35))
			.withMessageContaining("escalation-keywords");
	}

}
