package io.tributary.agent.triage;

/**
 * Finds a keyword in a text as a whole word (or phrase): where it starts and where it
 * ends, the text changes between word characters (letters and digits of any script, and
 * {@code _}) and others, as a regular expression's {@code \b} does.
 *
 * <p>
 * Triage looks for every configured keyword in every message. Done with one
 * {@code \bkeyword\b} pattern per keyword, that search took 39% of stage two's drain
 * threads in a profile (docs/BENCHMARKS.md): a pattern that starts with {@code \b} is
 * tried at every position of the text. {@link String#indexOf(String, int)} finds the
 * candidates far faster, and only those are checked for boundaries. Java's own {@code \b}
 * also changed between JDK 17 (letters of any script) and JDK 19 (ASCII only); this keeps
 * the first, so that "cancelé" is not the keyword "cancel" on either.
 */
final class WholeWords {

	private WholeWords() {
	}

	/**
	 * Whether the text holds the keyword as a whole word. Both are compared as they are:
	 * lower-case them first for a case-insensitive search.
	 * @param text the text
	 * @param keyword the keyword
	 * @return whether it occurs with a word boundary at both ends; never for an empty
	 * keyword
	 */
	static boolean contains(String text, String keyword) {
		if (keyword.isEmpty()) {
			return false;
		}
		for (int at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + 1)) {
			if (boundaryAt(text, at) && boundaryAt(text, at + keyword.length())) {
				return true;
			}
		}
		return false;
	}

	private static boolean boundaryAt(String text, int index) {
		return isWord(text, index - 1) != isWord(text, index);
	}

	private static boolean isWord(String text, int index) {
		if (index < 0 || index >= text.length()) {
			return false;
		}
		char c = text.charAt(index);
		return c == '_' || Character.isLetterOrDigit(c);
	}

}
