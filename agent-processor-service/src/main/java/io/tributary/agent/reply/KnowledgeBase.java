package io.tributary.agent.reply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.yaml.snakeyaml.Yaml;

import org.springframework.stereotype.Component;

/**
 * The FAQ entries, indexed in memory with Apache Lucene (BM25, English stemming and stop
 * words): a maintained search engine library, so ranking and stemming are not
 * hand-written. Confidence is the best match's score relative to the score that entry
 * gets for its own question and keywords, capped at 1, which makes it comparable across
 * queries.
 */
@Component
public class KnowledgeBase {

	private static final int MAX_QUERY_CHARS = 2000;

	/** Two clauses per term stay within Lucene's default limit of 1,024 clauses. */
	private static final int MAX_QUERY_TERMS = 500;

	private static final float KEYWORD_BOOST = 2.0f;

	private final Analyzer analyzer = new EnglishAnalyzer();

	private final IndexSearcher searcher;

	private final List<Entry> entries;

	private final double[] selfScores;

	/** The terms each field holds: no other term can add to a score. */
	private final Set<String> questionTerms;

	private final Set<String> keywordTerms;

	public KnowledgeBase(ReplyProperties properties) {
		this.entries = load(properties);
		ByteBuffersDirectory directory = new ByteBuffersDirectory();
		try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(this.analyzer))) {
			for (int i = 0; i < this.entries.size(); i++) {
				Entry entry = this.entries.get(i);
				Document document = new Document();
				document.add(new StoredField("index", i));
				document.add(new TextField("question", entry.question(), Field.Store.NO));
				document.add(new TextField("keywords", entry.keywords(), Field.Store.NO));
				writer.addDocument(document);
			}
			writer.commit();
			DirectoryReader reader = DirectoryReader.open(directory);
			this.searcher = new IndexSearcher(reader);
			this.questionTerms = termsOf(reader, "question");
			this.keywordTerms = termsOf(reader, "keywords");
			this.selfScores = new double[this.entries.size()];
			for (int i = 0; i < this.entries.size(); i++) {
				Entry entry = this.entries.get(i);
				this.selfScores[i] = bestScore(entry.question(), i);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot index the knowledge base", ex);
		}
	}

	/**
	 * The best entry for a text, if any matches.
	 * @param text the customer's subject and message
	 * @return the entry and its confidence
	 */
	public Optional<Match> best(String text) {
		try {
			TopDocs top = this.searcher.search(query(text), 1);
			if (top.scoreDocs.length == 0) {
				return Optional.empty();
			}
			ScoreDoc hit = top.scoreDocs[0];
			int index = this.searcher.storedFields().document(hit.doc).getField("index").numericValue().intValue();
			double confidence = Math.min(1.0, hit.score / this.selfScores[index]);
			return Optional.of(new Match(this.entries.get(index), confidence));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private double bestScore(String text, int index) throws IOException {
		for (ScoreDoc hit : this.searcher.search(query(text), this.entries.size()).scoreDocs) {
			if (this.searcher.storedFields().document(hit.doc).getField("index").numericValue().intValue() == index) {
				return hit.score;
			}
		}
		return Double.MAX_VALUE;
	}

	/**
	 * Every analysed term of the text, sought in the question and (weighted double) in
	 * the keywords; scores add up over the terms. Built directly rather than through
	 * Lucene's query parser, which has nothing to parse in free text and cost a third of
	 * the reply stage's time (profiled). Only terms the field holds get a clause, and a
	 * term the text repeats gets one clause boosted by its count: BM25 scores are a sum
	 * over clauses, linear in each clause's boost, so the scores are those of a clause
	 * per occurrence, without Lucene looking up, for every message, the many words no FAQ
	 * entry has (28% of the agent's CPU at 1,000 messages/s, docs/BENCHMARKS.md).
	 */
	private Query query(String text) {
		String bounded = (text.length() > MAX_QUERY_CHARS) ? text.substring(0, MAX_QUERY_CHARS) : text;
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (String term : terms(bounded)) {
			counts.merge(term, 1, Integer::sum);
		}
		BooleanQuery.Builder query = new BooleanQuery.Builder();
		counts.forEach((term, count) -> {
			if (this.questionTerms.contains(term)) {
				query.add(boosted(new TermQuery(new Term("question", term)), count), BooleanClause.Occur.SHOULD);
			}
			if (this.keywordTerms.contains(term)) {
				query.add(new BoostQuery(new TermQuery(new Term("keywords", term)), KEYWORD_BOOST * count),
						BooleanClause.Occur.SHOULD);
			}
		});
		return query.build();
	}

	private static Query boosted(Query query, int count) {
		return (count == 1) ? query : new BoostQuery(query, count);
	}

	private static Set<String> termsOf(IndexReader reader, String field) throws IOException {
		Set<String> terms = new HashSet<>();
		Terms indexed = MultiTerms.getTerms(reader, field);
		if (indexed != null) {
			TermsEnum each = indexed.iterator();
			for (BytesRef term = each.next(); term != null; term = each.next()) {
				terms.add(term.utf8ToString());
			}
		}
		return Set.copyOf(terms);
	}

	private List<String> terms(String text) {
		List<String> terms = new ArrayList<>();
		try (TokenStream tokens = this.analyzer.tokenStream("question", text)) {
			CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
			tokens.reset();
			while (tokens.incrementToken() && terms.size() < MAX_QUERY_TERMS) {
				terms.add(term.toString());
			}
			tokens.end();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot analyse the text", ex);
		}
		return terms;
	}

	@SuppressWarnings("unchecked")
	private static List<Entry> load(ReplyProperties properties) {
		try (InputStream in = properties.knowledgeBase().getInputStream()) {
			Map<String, Object> document = new Yaml().load(in);
			List<Entry> entries = new ArrayList<>();
			for (Map<String, Object> item : (List<Map<String, Object>>) document.get("entries")) {
				entries.add(new Entry(String.valueOf(item.get("id")), String.valueOf(item.get("question")),
						String.valueOf(item.getOrDefault("keywords", "")), String.valueOf(item.get("answer"))));
			}
			if (entries.isEmpty()) {
				throw new IllegalStateException("The knowledge base " + properties.knowledgeBase() + " has no entries");
			}
			return List.copyOf(entries);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the knowledge base " + properties.knowledgeBase(), ex);
		}
	}

	/**
	 * A FAQ entry.
	 *
	 * @param id its id
	 * @param question the question it answers
	 * @param keywords further words that point at it
	 * @param answer the answer
	 */
	public record Entry(String id, String question, String keywords, String answer) {

	}

	/**
	 * The best entry for a text.
	 *
	 * @param entry the entry
	 * @param confidence how well it matched, 0 to 1
	 */
	public record Match(Entry entry, double confidence) {

	}

}
