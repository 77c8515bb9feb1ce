package dev.wordfleet.worker.text;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Resolves declared charset names, treating an invalid or unknown name as if nothing were declared.
 */
final class CharsetLookup {

	private CharsetLookup() {
	}

	/**
	 * Looks up a charset by one of the names or aliases that the JDK defines for it.
	 * @param name the declared name, possibly {@code null}, blank or invalid
	 * @return the charset, or {@code null} when the name is missing, invalid or not supported by this JVM
	 */
	static @Nullable Charset lookup(@Nullable String name) {
		if (name == null) {
			return null;
		}
		String trimmed = name.strip();
		if (trimmed.isEmpty()) {
			return null;
		}
		try {
			return Charset.forName(trimmed, null);
		}
		catch (IllegalCharsetNameException ex) {
			return null;
		}
	}

	/**
	 * Tells whether a charset encodes ASCII text in more than one byte per character (UTF-16 and UTF-32).
	 * A {@code <meta>} that declares one of them was read as ASCII-compatible text, so the declaration is wrong and
	 * HTML readers use UTF-8 instead, as the HTML Standard specifies for UTF-16.
	 * @param charset the charset
	 * @return whether the charset is a UTF-16 or UTF-32 variant
	 */
	static boolean isWideUnicode(Charset charset) {
		String name = charset.name().toUpperCase(Locale.ROOT);
		return name.contains("UTF-16") || name.contains("UTF-32");
	}

}
