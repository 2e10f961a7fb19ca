package io.tributary.agent.reply;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

class KnowledgeBaseTests {

	private final KnowledgeBase knowledge = new KnowledgeBase(
			new ReplyProperties(new ClassPathResource("knowledge-base.yml"), "sig", "ack", 4096, 1, true));

	@Test
	void aQuestionInOtherWordsFindsItsEntryConfidently() {
		KnowledgeBase.Match match = this.knowledge.best("Hi, my parcel still hasn't arrived, can I track the delivery?")
			.orElseThrow();

		assertThat(match.entry().id()).isEqualTo("order-status");
		assertThat(match.confidence()).isGreaterThan(0.35);
	}

	@Test
	void stemmingMatchesOtherFormsOfTheWords() {
		assertThat(this.knowledge.best("I am locked out, forgot passwords for logging in").orElseThrow().entry().id())
			.isEqualTo("reset-password");
	}

	@Test
	void anUnrelatedQuestionHasLowConfidence() {
		assertThat(this.knowledge.best("Explain quantum chromodynamics to my cat")
			.map(KnowledgeBase.Match::confidence)
			.orElse(0.0)).isLessThan(0.35);
	}

	@Test
	void queryParserSyntaxInCustomerTextIsHarmless() {
		assertThat(this.knowledge.best("order AND (( \"unbalanced * ? : ~ ^ [ ] { } / \\ -")).isPresent();
	}

}
