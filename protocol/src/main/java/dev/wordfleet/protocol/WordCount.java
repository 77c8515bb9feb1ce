package dev.wordfleet.protocol;

import java.util.Comparator;

/**
 * A word and its number of occurrences.
 *
 * @param word the word, lowercased
 * @param count number of occurrences
 */
public record WordCount(String word, long count) {

	/** Highest count first; equal counts by word in {@link String#compareTo} order. */
	public static final Comparator<WordCount> BY_COUNT_THEN_WORD = Comparator.comparingLong(WordCount::count)
		.reversed()
		.thenComparing(WordCount::word);

}
