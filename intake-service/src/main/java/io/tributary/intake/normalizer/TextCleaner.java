package io.tributary.intake.normalizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cleans message text: quoted replies and signatures trimmed from emails, whitespace
 * tidied.
 *
 * <p>
 * Quote and signature trimming is a small set of rules written here: no maintained Java
 * library does it (the known ports of GitHub's email_reply_parser are abandoned). The
 * rules cover the common clients: RFC 3676 {@code "-- "} signature delimiters, "Sent from
 * my ..." footers, {@code >} quoting, and the attribution lines Gmail, Outlook and Apple
 * Mail put above a quote, in English, Spanish, French, German and Portuguese.
 */
final class TextCleaner {

	private static final List<Pattern> QUOTE_HEADERS = List.of(
			Pattern.compile("^On\\b.{0,300}\\bwrote:\\s*$", Pattern.CASE_INSENSITIVE),
			Pattern.compile("^El\\b.{0,300}\\bescribi[oó]:\\s*$", Pattern.CASE_INSENSITIVE),
			Pattern.compile("^Le\\b.{0,300}\\ba [ée]crit\\s*:\\s*$", Pattern.CASE_INSENSITIVE),
			Pattern.compile("^Am\\b.{0,300}\\bschrieb.{0,100}:\\s*$", Pattern.CASE_INSENSITIVE),
			Pattern.compile("^Em\\b.{0,300}\\bescreveu:\\s*$", Pattern.CASE_INSENSITIVE),
			Pattern.compile("^-{2,}\\s*Original Message\\s*-{2,}\\s*$", Pattern.CASE_INSENSITIVE),
			Pattern.compile("^_{10,}\\s*$"), Pattern.compile("^From:\\s.+$"));

	private static final Pattern SIGNATURE = Pattern.compile("^(-- ?|Sent from my .{1,60}|Get Outlook for .{1,40})$");

	private static final Pattern SPACES = Pattern.compile("[\\t\\x0B\\f\\u00A0\\u2000-\\u200B\\u3000 ]+");

	private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}&&[^\\n]]|[\\u200C-\\u200F\\u2060\\uFEFF]");

	private TextCleaner() {
	}

	/** Drops everything from the first quote header, quoted lines, and the signature. */
	static String trimEmailReply(String text) {
		List<String> kept = new ArrayList<>();
		for (String line : text.split("\n", -1)) {
			String trimmed = line.strip();
			if (SIGNATURE.matcher(line.stripLeading()).matches() || isQuoteHeader(trimmed)) {
				break;
			}
			if (!trimmed.startsWith(">")) {
				kept.add(line);
			}
		}
		return String.join("\n", kept);
	}

	/**
	 * Normalizes line ends and spaces, removes control characters, keeps at most one
	 * blank line.
	 */
	static String tidyWhitespace(String text) {
		String unified = text.replace("\r\n", "\n").replace('\r', '\n');
		unified = INVISIBLE.matcher(unified).replaceAll("");
		StringBuilder out = new StringBuilder();
		int blankLines = 0;
		for (String line : unified.split("\n", -1)) {
			String tidy = SPACES.matcher(line).replaceAll(" ").strip();
			if (tidy.isEmpty()) {
				blankLines++;
				continue;
			}
			if (!out.isEmpty()) {
				out.append((blankLines > 0) ? "\n\n" : "\n");
			}
			out.append(tidy);
			blankLines = 0;
		}
		return out.toString();
	}

	static String bound(String text, int maxLength) {
		if (text.length() <= maxLength) {
			return text;
		}
		int end = maxLength;
		if (Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(0, end);
	}

	private static boolean isQuoteHeader(String line) {
		for (Pattern pattern : QUOTE_HEADERS) {
			if (pattern.matcher(line).matches()) {
				return true;
			}
		}
		return false;
	}

}
