package dev.wordfleet.worker.text;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The word counts of one page.
 *
 * @param counts the number of occurrences of each word, keyed by the normalized word; an unmodifiable copy
 * @param totalWords the number of words on the page, which is the sum of all counts
 */
public record PageWords(Map<String, Integer> counts, long totalWords) {

	/**
	 * Copies the counts and checks that the total is not negative.
	 */
	public PageWords {
		Objects.requireNonNull(counts, "counts must not be null");
		if (totalWords < 0) {
			throw new IllegalArgumentException("totalWords must not be negative, but was " + totalWords);
		}
		// Not Map.copyOf: its table probes linearly, and the similar hash codes of many similar words (w1, w2, ...)
		// made copying the counts of a page with 200,000 distinct words take over ten seconds.
		counts = Collections.unmodifiableMap(new HashMap<>(counts));
	}

}
