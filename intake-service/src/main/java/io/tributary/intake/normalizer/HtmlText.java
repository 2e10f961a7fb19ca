package io.tributary.intake.normalizer;

import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Plain text of an HTML body, keeping line structure: jsoup (a maintained, browser-grade
 * HTML parser) parses whatever mail clients produce; this visitor turns block elements
 * and {@code <br>
 * } into line breaks. Scripts and styles are data, not text, and never appear.
 */
final class HtmlText {

	/** Elements that start a new line. */
	private static final Set<String> BLOCKS = Set.of("p", "div", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5",
			"h6", "blockquote", "pre", "ul", "ol", "section", "article", "header", "footer");

	/** Elements that also end with a blank line, like a paragraph. */
	private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
			"table", "ul", "ol");

	private HtmlText() {
	}

	static String of(String html) {
		StringBuilder text = new StringBuilder();
		NodeTraversor.traverse(new NodeVisitor() {

			@Override
			public void head(Node node, int depth) {
				if (node instanceof TextNode textNode) {
					text.append(textNode.text());
				}
				else if (node instanceof Element element) {
					if (element.nameIs("br")) {
						text.append('\n');
					}
					else if (BLOCKS.contains(element.normalName())) {
						text.append('\n');
					}
				}
			}

			@Override
			public void tail(Node node, int depth) {
				if (node instanceof Element element && PARAGRAPHS.contains(element.normalName())) {
					text.append('\n');
				}
			}

		}, Jsoup.parse(html).body());
		return text.toString();
	}

}
