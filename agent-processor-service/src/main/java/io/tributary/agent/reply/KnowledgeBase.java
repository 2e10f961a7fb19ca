package io.tributary.agent.reply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.yaml.snakeyaml.Yaml;

import org.springframework.stereotype.Component;

/**
 * The FAQ entries, indexed in memory with Apache Lucene (BM25, English stemming and stop
 * words): a maintained search engine library, so ranking and stemming are not
 * hand-written. Confidence is the best match's score relative to the score that entry
 * gets for its own question, capped at 1, which makes it comparable across queries.
 *
 * <p>
 * A text's score for an entry is the sum, over the text's analysed terms, of what
 * Lucene's BM25 gives that term in the entry's question, plus twice what it gives it in
 * the entry's keywords: what a Lucene query with one such pair of clauses per term
 * scores. The index never changes after start-up, so Lucene scores every term of every
 * entry once, then, and a search adds those scores up. Running Lucene's query machinery
 * for every message (made for large indexes: block-max scoring windows, a terms
 * dictionary seek per term) cost 40-60 µs and about a third of the agent's allocations
 * for a handful of entries (docs/BENCHMARKS.md).
 */
@Component
public class KnowledgeBase {

	private static final int MAX_QUERY_CHARS = 2000;

	/** Bounds the work one text can ask for. */
	private static final int MAX_QUERY_TERMS = 500;

	private static final float KEYWORD_BOOST = 2.0f;

	private final Analyzer analyzer = new EnglishAnalyzer();

	private final List<Entry> entries;

	/** For each term any entry holds, what one occurrence adds to each entry's score. */
	private final Map<String, TermScores> termScores;

	private final double[] selfScores;

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
			try (DirectoryReader reader = DirectoryReader.open(directory)) {
				this.termScores = scoreEveryTerm(reader);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot index the knowledge base", ex);
		}
		this.selfScores = new double[this.entries.size()];
		for (int i = 0; i < this.entries.size(); i++) {
			double self = scores(this.entries.get(i).question())[i];
			// An entry whose question holds no indexed term cannot be matched
			// confidently.
			this.selfScores[i] = (self > 0) ? self : Double.MAX_VALUE;
		}
	}

	/**
	 * The best entry for a text, if any matches.
	 * @param text the customer's subject and message
	 * @return the entry and its confidence
	 */
	public Optional<Match> best(String text) {
		double[] scores = scores(text);
		int best = -1;
		for (int i = 0; i < scores.length; i++) {
			// Strictly greater: on a tie the earlier entry wins, as in Lucene's top hits.
			if (scores[i] > 0 && (best < 0 || scores[i] > scores[best])) {
				best = i;
			}
		}
		if (best < 0) {
			return Optional.empty();
		}
		return Optional.of(new Match(this.entries.get(best), Math.min(1.0, scores[best] / this.selfScores[best])));
	}

	/** The entries, in the order of the file. */
	List<Entry> entries() {
		return this.entries;
	}

	/** Each entry's score for a text: zero for an entry none of its terms is in. */
	private double[] scores(String text) {
		String bounded = (text.length() > MAX_QUERY_CHARS) ? text.substring(0, MAX_QUERY_CHARS) : text;
		double[] scores = new double[this.entries.size()];
		for (String term : terms(bounded)) {
			TermScores scored = this.termScores.get(term);
			if (scored != null) {
				scored.addTo(scores);
			}
		}
		return scores;
	}

	/**
	 * Asks Lucene, for every term of each field, what one occurrence in a query scores in
	 * each entry holding it (a term query of boost 1 per term; BM25 is linear in the
	 * boost), and keeps the sum per term and entry with the keywords weighted double.
	 */
	private Map<String, TermScores> scoreEveryTerm(DirectoryReader reader) throws IOException {
		IndexSearcher searcher = new IndexSearcher(reader);
		int[] entryOf = entryOfEachDocument(reader);
		Map<String, double[]> scores = new HashMap<>();
		for (Map.Entry<String, Float> field : Map.of("question", 1.0f, "keywords", KEYWORD_BOOST).entrySet()) {
			Terms terms = MultiTerms.getTerms(reader, field.getKey());
			if (terms == null) {
				continue;
			}
			TermsEnum each = terms.iterator();
			for (BytesRef term = each.next(); term != null; term = each.next()) {
				Query query = new TermQuery(new Term(field.getKey(), BytesRef.deepCopyOf(term)));
				Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE, 1.0f);
				double[] perEntry = scores.computeIfAbsent(term.utf8ToString(), (key) -> new double[entryOf.length]);
				for (LeafReaderContext leaf : reader.leaves()) {
					Scorer scorer = weight.scorer(leaf);
					if (scorer == null) {
						continue;
					}
					DocIdSetIterator docs = scorer.iterator();
					for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
						perEntry[entryOf[leaf.docBase + doc]] += field.getValue() * scorer.score();
					}
				}
			}
		}
		Map<String, TermScores> sparse = new HashMap<>();
		scores.forEach((term, perEntry) -> sparse.put(term, TermScores.of(perEntry)));
		return Map.copyOf(sparse);
	}

	private static int[] entryOfEachDocument(IndexReader reader) throws IOException {
		int[] entryOf = new int[reader.maxDoc()];
		StoredFields stored = reader.storedFields();
		for (int doc = 0; doc < entryOf.length; doc++) {
			entryOf[doc] = stored.document(doc).getField("index").numericValue().intValue();
		}
		return entryOf;
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

	/**
	 * What one occurrence of a term adds to the entries that hold it.
	 *
	 * @param entries the entries, by index
	 * @param scores what it adds to each
	 */
	private record TermScores(int[] entries, double[] scores) {

		static TermScores of(double[] perEntry) {
			int held = (int) Arrays.stream(perEntry).filter((score) -> score > 0).count();
			int[] entries = new int[held];
			double[] scores = new double[held];
			for (int i = 0, next = 0; i < perEntry.length; i++) {
				if (perEntry[i] > 0) {
					entries[next] = i;
					scores[next++] = perEntry[i];
				}
			}
			return new TermScores(entries, scores);
		}

		void addTo(double[] totals) {
			for (int i = 0; i < this.entries.length; i++) {
				totals[this.entries[i]] += this.scores[i];
			}
		}

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
