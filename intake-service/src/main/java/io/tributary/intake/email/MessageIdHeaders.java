package io.tributary.intake.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RFC 5322 msg-id lists ({@code <a@b> <c@d>}) from Message-ID, In-Reply-To and
 * References.
 */
final class MessageIdHeaders {

	private static final Pattern MSG_ID = Pattern.compile("<([^<>\\s]{1,250})>");

	private MessageIdHeaders() {
	}

	static List<String> ids(String header) {
		List<String> ids = new ArrayList<>();
		if (header == null) {
			return ids;
		}
		Matcher matcher = MSG_ID.matcher(header);
		while (matcher.find() && ids.size() < 100) {
			ids.add(matcher.group(1));
		}
		if (ids.isEmpty() && !header.isBlank() && !header.strip().contains(" ")) {
			ids.add(header.strip());
		}
		return ids;
	}

	static String first(String header) {
		List<String> ids = ids(header);
		return ids.isEmpty() ? null : ids.get(0);
	}

}
