package dev.wordfleet.worker.robots;

import java.nio.charset.StandardCharsets;

/**
 * Normalizes URL paths and rule patterns so that they compare octet by octet, and matches a pattern against a path,
 * as RFC 9309 section 2.2.2 and 2.2.3 describe.
 *
 * <p>Normalizing percent-encodes every non-ASCII character as UTF-8, decodes percent-encoded unreserved characters
 * (letters, digits, {@code - . _ ~}), writes the remaining escapes with upper-case hex digits, and percent-encodes
 * spaces, controls and the characters that a URL may not contain raw ({@code " < > \ ^ ` { | }}, and a {@code %}
 * that starts no escape). Reserved characters such as {@code /}, {@code ?} and {@code =} are kept as they are, in
 * whichever form they appear, because decoding them would change what the URL means.
 */
final class RobotsPaths {

	private static final String HEX = "0123456789ABCDEF";

	private static final String UNSAFE_ASCII = "\"<>\\^`{|}";

	private RobotsPaths() {
	}

	/**
	 * Returns the normalized form of a path with its query, or of a rule's pattern.
	 * @param path a URL path, optionally followed by {@code ?} and the query, or a robots.txt pattern
	 * @return the normalized form, which contains only ASCII characters
	 */
	static String normalize(String path) {
		StringBuilder out = new StringBuilder(path.length() + 16);
		int i = 0;
		while (i < path.length()) {
			char c = path.charAt(i);
			if (c == '%' && i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2))) {
				int value = Character.digit(path.charAt(i + 1), 16) * 16 + Character.digit(path.charAt(i + 2), 16);
				if (isUnreserved(value)) {
					out.append((char) value);
				}
				else {
					appendEscape(out, value);
				}
				i += 3;
			}
			else if (c < 0x80) {
				if (c <= 0x20 || c == 0x7f || c == '%' || UNSAFE_ASCII.indexOf(c) >= 0) {
					appendEscape(out, c);
				}
				else {
					out.append(c);
				}
				i++;
			}
			else {
				// String.getBytes encodes a lone surrogate as "?", so it becomes %3F.
				int codePoint = path.codePointAt(i);
				for (byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
					appendEscape(out, b & 0xff);
				}
				i += Character.charCount(codePoint);
			}
		}
		return out.toString();
	}

	/**
	 * Returns whether a normalized pattern matches a normalized path. The pattern matches a prefix of the path,
	 * {@code *} stands for any sequence of characters, and a {@code $} at the end of the pattern requires the path
	 * to end there. A {@code $} elsewhere is an ordinary character.
	 */
	static boolean matches(String pattern, String path) {
		boolean anchored = pattern.endsWith("$");
		String body = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
		String[] parts = body.split("\\*", -1);

		// The first part is anchored at the start of the path.
		if (!path.startsWith(parts[0])) {
			return false;
		}
		int position = parts[0].length();
		if (parts.length == 1) {
			return !anchored || position == path.length();
		}

		// Each middle part takes its leftmost occurrence, which leaves the most room for the parts after it.
		for (int i = 1; i < parts.length - 1; i++) {
			int found = path.indexOf(parts[i], position);
			if (found < 0) {
				return false;
			}
			position = found + parts[i].length();
		}
		String last = parts[parts.length - 1];
		if (anchored) {
			return path.length() - last.length() >= position && path.endsWith(last);
		}
		return path.indexOf(last, position) >= 0;
	}

	private static boolean isHex(char c) {
		return Character.digit(c, 16) >= 0 && c < 0x80;
	}

	private static boolean isUnreserved(int c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

	private static void appendEscape(StringBuilder out, int value) {
		out.append('%').append(HEX.charAt(value >>> 4)).append(HEX.charAt(value & 0x0f));
	}

}
