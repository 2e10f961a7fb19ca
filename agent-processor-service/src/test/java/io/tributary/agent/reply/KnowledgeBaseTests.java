package io.tributary.agent.reply;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

	@Test
	void aTextWithoutAnyIndexedTermMatchesNothing() {
		assertThat(this.knowledge.best("the the the")).isEmpty();
		assertThat(this.knowledge.best("")).isEmpty();
	}

	/**
	 * The knowledge base adds up scores Lucene computed once per term; here Lucene's own
	 * search, with a question clause and a keyword clause (boost 2) per occurrence of
	 * each term, ranks the same texts. Same entry, same confidence (to float rounding).
	 */
	@Test
	void ranksAsLuceneSearchingTheIndexDoes() throws IOException {
		LuceneSearch lucene = new LuceneSearch(this.knowledge.entries());
		List<String> texts = new ArrayList<>(List.of("Hi, my parcel still hasn't arrived, can I track the delivery?",
				"refund refund refund please I want my money back money", "cancel my subscription cancel it now",
				"password password reset reset reset",
				"How do I change my delivery address and shipping address for the order order order"));
		List<String> vocabulary = this.knowledge.entries()
			.stream()
			.flatMap((entry) -> Stream.of(entry.question(), entry.keywords(), entry.answer()))
			.flatMap((text) -> Stream.of(text.split("\\W+")))
			.filter((word) -> !word.isBlank())
			.toList();
		Random random = new Random(20261203);
		for (int i = 0; i < 200; i++) {
			StringBuilder text = new StringBuilder();
			for (int words = 1 + random.nextInt(15); words > 0; words--) {
				text.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(' ');
			}
			texts.add(text.toString());
		}
		int matched = 0;
		for (String text : texts) {
			Optional<KnowledgeBase.Match> expected = lucene.best(text);
			Optional<KnowledgeBase.Match> actual = this.knowledge.best(text);
			assertThat(actual.map((match) -> match.entry().id())).as(text)
				.isEqualTo(expected.map((match) -> match.entry().id()));
			if (expected.isPresent()) {
				matched++;
				assertThat(actual.orElseThrow().confidence()).as(text)
					.isCloseTo(expected.orElseThrow().confidence(), within(1e-6));
			}
		}
		assertThat(matched).isGreaterThan(150);
	}

	/**
	 * Lucene's IndexSearcher over the entries, one pair of clauses per term occurrence.
	 */
	private static final class LuceneSearch {

		private final Analyzer analyzer = new EnglishAnalyzer();

		private final List<KnowledgeBase.Entry> entries;

		private final IndexSearcher searcher;

		private final double[] selfScores;

		LuceneSearch(List<KnowledgeBase.Entry> entries) throws IOException {
			this.entries = entries;
			ByteBuffersDirectory directory = new ByteBuffersDirectory();
			try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(this.analyzer))) {
				for (KnowledgeBase.Entry entry : entries) {
					Document document = new Document();
					document.add(new TextField("question", entry.question(), Field.Store.NO));
					document.add(new TextField("keywords", entry.keywords(), Field.Store.NO));
					writer.addDocument(document);
				}
			}
			this.searcher = new IndexSearcher(DirectoryReader.open(directory));
			this.selfScores = new double[entries.size()];
			for (int i = 0; i < entries.size(); i++) {
				for (ScoreDoc hit : search(entries.get(i).question(), entries.size()).scoreDocs) {
					if (hit.doc == i) {
						this.selfScores[i] = hit.score;
					}
				}
			}
		}

		Optional<KnowledgeBase.Match> best(String text) throws IOException {
			TopDocs top = search(text, 1);
			if (top.scoreDocs.length == 0) {
				return Optional.empty();
			}
			ScoreDoc hit = top.scoreDocs[0];
			return Optional.of(new KnowledgeBase.Match(this.entries.get(hit.doc),
					Math.min(1.0, hit.score / this.selfScores[hit.doc])));
		}

		private TopDocs search(String text, int hits) throws IOException {
			BooleanQuery.Builder query = new BooleanQuery.Builder();
			try (TokenStream tokens = this.analyzer.tokenStream("question", text)) {
				CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
				tokens.reset();
				while (tokens.incrementToken()) {
					query.add(new TermQuery(new Term("question", term.toString())), BooleanClause.Occur.SHOULD);
					query.add(new BoostQuery(new TermQuery(new Term("keywords", term.toString())), 2.0f),
							BooleanClause.Occur.SHOULD);
				}
				tokens.end();
			}
			return this.searcher.search(query.build(), hits);
		}

	}

}
