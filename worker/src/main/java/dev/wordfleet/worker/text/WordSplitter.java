package dev.wordfleet.worker.text;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
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
 * Instances are not thread-safe: use one per thread and reuse it, because it keeps its {@link BreakIterator} and
 * an array for the text.
 */
public final class WordSplitter {

	private static final char SOFT_HYPHEN = '\u00AD';

	private static final char RIGHT_SINGLE_QUOTATION_MARK = '\u2019';

	private static final char CAPITAL_I_WITH_DOT_ABOVE = '\u0130';

	/** The smallest space separator other than U+0020, so any char below it needs no replacement. */
	private static final char NO_BREAK_SPACE = '\u00A0';

	/**
	 * The length of the longest array of chars that a splitter keeps for its next call, enough for a chunk of
	 * {@link WordFeed} or a page counted whole. A longer text gets an array of its own.
	 */
	private static final int KEPT_CHARS = 64 * 1024;

	private final BreakIterator wordIterator = BreakIterator.getWordInstance(ULocale.ROOT);

	private final Normalizer2 nfc = Normalizer2.getNFCInstance();

	/** The chars of the text being split, in an array reused from call to call. */
	private char[] chars = new char[1024];

	/**
	 * Calls the sink once per word of the text, in text order, with the word already normalized.
	 * <p>
	 * The text is taken in parts, each cut right after an ASCII white space char that the next char does not attach
	 * to (see {@link WordFeed}), which is always a word boundary. Parts that are all ASCII are split by
	 * {@link #splitAscii}, which applies the rules of UAX #29 that concern ASCII chars faster than the break
	 * iterator, and the other parts by ICU.
	 * @param text the text to split
	 * @param sink receives each word; it must not call this splitter
	 */
	public void split(String text, Consumer<String> sink) {
		Objects.requireNonNull(text, "text must not be null");
		Objects.requireNonNull(sink, "sink must not be null");
		int length = text.length();
		char[] chars = charsOf(text);
		// The text is read as pieces between cuts, and neighbouring pieces of the same kind are split together.
		// asciiPieceStart is where the open ICU part's last piece began while that piece is ASCII, otherwise -1.
		int asciiStart = 0;
		int lastCut = 0;
		int icuStart = -1;
		int asciiPieceStart = -1;
		for (int i = 0; i < length; i++) {
			char c = chars[i];
			if (c >= 0x80) {
				if (icuStart < 0) {
					splitAscii(chars, asciiStart, lastCut, sink);
					icuStart = lastCut;
				}
				asciiPieceStart = -1;
			}
			else if (c <= ' ' && WordFeed.isAsciiWhitespace(c) && i + 1 < length
					&& !attachesToPrevious(Character.codePointAt(chars, i + 1, length))) {
				int cut = i + 1;
				if (icuStart >= 0) {
					if (asciiPieceStart >= 0) {
						// The piece that ends here is ASCII, so the ICU part ends where that piece began.
						splitWithIcu(new String(chars, icuStart, asciiPieceStart - icuStart), sink);
						icuStart = -1;
						asciiStart = asciiPieceStart;
					}
					else {
						asciiPieceStart = cut;
					}
				}
				lastCut = cut;
			}
		}
		if (icuStart < 0) {
			splitAscii(chars, asciiStart, length, sink);
		}
		else if (asciiPieceStart >= 0) {
			splitWithIcu(new String(chars, icuStart, asciiPieceStart - icuStart), sink);
			splitAscii(chars, asciiPieceStart, length, sink);
		}
		else {
			splitWithIcu(new String(chars, icuStart, length - icuStart), sink);
		}
	}

	/**
	 * Returns the chars of the text in an array: this splitter's own, reused from call to call, when the text fits
	 * in {@value #KEPT_CHARS} chars, and a new one otherwise.
	 */
	private char[] charsOf(String text) {
		int length = text.length();
		char[] chars = this.chars;
		if (chars.length < length) {
			chars = new char[length];
			if (length <= KEPT_CHARS) {
				this.chars = chars;
			}
		}
		text.getChars(0, length, chars, 0);
		return chars;
	}

	/**
	 * Splits the whole text with ICU's break iterator, without the ASCII fast path; the reference that tests compare
	 * {@link #split} with.
	 */
	void splitWithIcu(String text, Consumer<String> sink) {
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
	 * Tells whether the text may be cut before position {@code i}, which is greater than zero and less than the
	 * length: right after an ASCII white space char, unless the next char attaches to it.
	 */
	static boolean isCut(CharSequence text, int i) {
		return WordFeed.isAsciiWhitespace(text.charAt(i - 1)) && !attachesToPrevious(Character.codePointAt(text, i));
	}

	/**
	 * Tells whether a char attaches to the char before it whatever that is, as Extend, Format and ZWJ chars do under
	 * rule WB4 of UAX #29.
	 */
	private static boolean attachesToPrevious(int codePoint) {
		if (codePoint < 0x80) {
			return false;
		}
		int wordBreak = UCharacter.getIntPropertyValue(codePoint, UProperty.WORD_BREAK);
		return wordBreak == UCharacter.WordBreak.EXTEND || wordBreak == UCharacter.WordBreak.FORMAT
				|| wordBreak == UCharacter.WordBreak.ZWJ;
	}

	/**
	 * Splits ASCII text by the rules of UAX #29 that concern ASCII chars, with the ASCII word-break classes of ICU's
	 * root locale: letters, digits, {@code _} (ExtendNumLet), {@code :} (MidLetter), {@code .} (MidNumLet),
	 * {@code '} (Single_Quote), and {@code ,} and {@code ;} (MidNum). Letters and digits join each other (WB5,
	 * WB8-WB10), {@code _} joins what comes before it and a letter or digit after it (WB13a, WB13b), and a middle
	 * char joins two letters ({@code : . '}, WB6-WB7) or two digits ({@code , ; . '}, WB11-WB12). Every other
	 * char is a segment of its own. A segment is a word when it contains a letter or digit, or is two or more
	 * {@code _}, which matches the rule status that ICU gives.
	 */
	static void splitAscii(char[] chars, int start, int end, Consumer<String> sink) {
		int i = start;
		while (i < end) {
			AsciiClass first = AsciiClass.of(chars[i]);
			if (!first.startsSegment()) {
				i++;
				continue;
			}
			int segmentEnd = i + 1;
			AsciiClass before = first;
			while (segmentEnd < end) {
				AsciiClass next = AsciiClass.of(chars[segmentEnd]);
				if (before.joins(next)) {
					segmentEnd++;
					before = next;
					continue;
				}
				if (segmentEnd + 1 >= end) {
					break;
				}
				AsciiClass after = AsciiClass.of(chars[segmentEnd + 1]);
				if (!next.joinsAcross(before, after)) {
					break;
				}
				segmentEnd += 2;
				before = after;
			}
			if (first != AsciiClass.UNDERSCORE || segmentEnd - i > 1) {
				sink.accept(asciiKey(chars, i, segmentEnd));
			}
			i = segmentEnd;
		}
	}

	/** Returns the key of an ASCII word: the word itself, lowercased when it has capitals. */
	private static String asciiKey(char[] chars, int start, int end) {
		String word = new String(chars, start, end - start);
		for (int i = start; i < end; i++) {
			if (chars[i] >= 'A' && chars[i] <= 'Z') {
				return word.toLowerCase(Locale.ROOT);
			}
		}
		return word;
	}

	/** Word-break classes of ASCII chars in ICU's root locale, as {@link #splitAscii} uses them. */
	private enum AsciiClass {

		LETTER, DIGIT, UNDERSCORE, MID_LETTER, MID_NUM_LET, SINGLE_QUOTE, MID_NUM, OTHER;

		/** The class of each ASCII char, by its code. */
		private static final AsciiClass[] OF_CHAR = new AsciiClass[0x80];

		static {
			for (char c = 0; c < 0x80; c++) {
				OF_CHAR[c] = classify(c);
			}
		}

		/** Returns the class of an ASCII char. */
		static AsciiClass of(char c) {
			return OF_CHAR[c];
		}

		private static AsciiClass classify(char c) {
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
				return LETTER;
			}
			if (c >= '0' && c <= '9') {
				return DIGIT;
			}
			return switch (c) {
				case '_' -> UNDERSCORE;
				case ':' -> MID_LETTER;
				case '.' -> MID_NUM_LET;
				case '\'' -> SINGLE_QUOTE;
				case ',', ';' -> MID_NUM;
				default -> OTHER;
			};
		}

		boolean isAlphanumeric() {
			return this == LETTER || this == DIGIT;
		}

		/** Tells whether a segment can start with this char: a letter, a digit or {@code _}. */
		boolean startsSegment() {
			return isAlphanumeric() || this == UNDERSCORE;
		}

		/** Tells whether a char of this class joins the next char, whatever follows (WB5, WB8-WB10, WB13a, WB13b). */
		boolean joins(AsciiClass next) {
			if (next == UNDERSCORE) {
				return startsSegment();
			}
			return next.isAlphanumeric() && startsSegment();
		}

		/** Tells whether a char of this class joins the chars on both sides of it (WB6-WB7, WB11-WB12). */
		boolean joinsAcross(AsciiClass before, AsciiClass after) {
			if (before == LETTER && after == LETTER) {
				return this == MID_LETTER || this == MID_NUM_LET || this == SINGLE_QUOTE;
			}
			if (before == DIGIT && after == DIGIT) {
				return this == MID_NUM || this == MID_NUM_LET || this == SINGLE_QUOTE;
			}
			return false;
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
