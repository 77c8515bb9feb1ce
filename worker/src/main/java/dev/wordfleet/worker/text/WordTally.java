package dev.wordfleet.worker.text;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Counts the words of one page as a {@link WordSplitter} hands them over.
 */
final class WordTally implements Consumer<String> {

	private final Map<String, Integer> counts = new HashMap<>();

	private long total;

	@Override
	public void accept(String word) {
		this.counts.merge(word, 1, Integer::sum);
		this.total++;
	}

	/**
	 * Forgets every word counted so far.
	 */
	void clear() {
		this.counts.clear();
		this.total = 0;
	}

	/**
	 * Returns the counts so far.
	 * @return a copy of the counts
	 */
	PageWords toPageWords() {
		return new PageWords(this.counts, this.total);
	}

}
