package dev.wordfleet.worker.text;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.util.ULocale;

/**
 * Splits text into words and normalizes each word into the key that it is counted under.
 * <p>
 * The text is prepared first: soft hyphens (U+00AD) are deleted, every space separator (Unicode category Zs, such
 * as U+00A0 and U+202F) becomes U+0020, and the result is normalized to NFC. ICU's word {@link BreakIterator} for the
 * root locale then finds the word boundaries of Unicode UAX #29, with dictionary segmentation for Thai, Lao, Khmer,
 * Burmese, Chinese and Japanese. A segment is a word unless its rule status is in the {@code WORD_NONE} range, which
 * contains spaces and punctuation. In each word U+2019 becomes an apostrophe (U+0027), U+0130 becomes {@code i},
 * and the rest is lowercased with {@link Locale#ROOT}, so the key does not depend on the default locale.
 * <p>
 * Instances are not thread-safe: use one per thread and reuse it, because it keeps its {@link BreakIterator}.
 */
public final class WordSplitter {

	private static final char SOFT_HYPHEN = '\u00AD';

	private static final char RIGHT_SINGLE_QUOTATION_MARK = '\u2019';

	private static final char CAPITAL_I_WITH_DOT_ABOVE = '\u0130';

	/** The smallest space separator other than U+0020, so any char below it needs no replacement. */
	private static final char NO_BREAK_SPACE = '\u00A0';

	private final BreakIterator wordIterator = BreakIterator.getWordInstance(ULocale.ROOT);

	private final Normalizer2 nfc = Normalizer2.getNFCInstance();

	/**
	 * Calls the sink once per word of the text, in text order, with the word already normalized.
	 * @param text the text to split
	 * @param sink receives each word; it must not call this splitter
	 */
	public void split(String text, Consumer<String> sink) {
		Objects.requireNonNull(text, "text must not be null");
		Objects.requireNonNull(sink, "sink must not be null");
		String prepared = prepare(text);
		BreakIterator iterator = this.wordIterator;
		iterator.setText(prepared);
		try {
			int start = iterator.first();
			for (int end = iterator.next(); end != BreakIterator.DONE; start = end, end = iterator.next()) {
				if (iterator.getRuleStatus() >= BreakIterator.WORD_NONE_LIMIT) {
					sink.accept(toKey(prepared, start, end));
				}
			}
		}
		finally {
			// Release the text, so a reused splitter does not keep a large page reachable.
			iterator.setText("");
		}
	}

	/**
	 * Deletes soft hyphens, replaces space separators with U+0020 and normalizes to NFC. Without the replacement ICU
	 * would keep "more\u202Fhere" as one word, because UAX #29 gives U+202F the ExtendNumLet property.
	 * The text itself is returned when nothing changes, which is the common case.
	 */
	private String prepare(String text) {
		int length = text.length();
		int first = 0;
		while (first < length && !needsReplacement(text.charAt(first))) {
			first++;
		}
		String spaced = text;
		if (first < length) {
			StringBuilder builder = new StringBuilder(length);
			builder.append(text, 0, first);
			for (int i = first; i < length; i++) {
				char c = text.charAt(i);
				if (c == SOFT_HYPHEN) {
					continue;
				}
				builder.append(isSpaceSeparator(c) ? ' ' : c);
			}
			spaced = builder.toString();
		}
		return this.nfc.normalize(spaced);
	}

	private static boolean needsReplacement(char c) {
		return c >= NO_BREAK_SPACE && (c == SOFT_HYPHEN || isSpaceSeparator(c));
	}

	/**
	 * Tests for a space separator (category Zs) other than U+0020. Every Zs character is in the Basic Multilingual
	 * Plane, so testing a char is enough.
	 */
	private static boolean isSpaceSeparator(char c) {
		return c >= NO_BREAK_SPACE && UCharacter.getType(c) == UCharacterCategory.SPACE_SEPARATOR;
	}

	/**
	 * Returns the key of the word between {@code start} and {@code end}.
	 */
	private static String toKey(String text, int start, int end) {
		boolean asciiLowercase = true;
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
				asciiLowercase = false;
				break;
			}
		}
		String word = text.substring(start, end);
		if (asciiLowercase) {
			return word;
		}
		// U+0130 is replaced first because Locale.ROOT lowercases it to "i" followed by U+0307 (combining dot above).
		return word.replace(RIGHT_SINGLE_QUOTATION_MARK, '\'')
			.replace(CAPITAL_I_WITH_DOT_ABOVE, 'i')
			.toLowerCase(Locale.ROOT);
	}

}
