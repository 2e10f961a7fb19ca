package io.tributary.intake.acceptance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a request says, as a SHA-256 digest: its fields in a fixed order, each with its
 * length (or a mark for none), so that no two different requests read alike and the same
 * fields read alike however the request spelled them.
 */
public final class ContentDigest {

	private ContentDigest() {
	}

	public static String of(String... fields) {
		StringBuilder text = new StringBuilder();
		for (String field : fields) {
			text.append((field != null) ? field.length() + ":" + field : "-").append('|');
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(text.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}
