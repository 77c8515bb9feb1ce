package dev.wordfleet.worker.text;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Counts the words of pages: extracts the text with {@link PageTextExtractor} and splits it with a
 * {@link WordSplitter}.
 * <p>
 * Instances are thread-safe. Each call borrows a splitter from a pool and returns it when done, so the pool contains
 * as many splitters as calls have run at the same time. A pool fits virtual threads, which a {@link ThreadLocal}
 * would not: every virtual thread would build its own splitter.
 */
public final class PageCounter {

	private final Queue<WordSplitter> idleSplitters = new ConcurrentLinkedQueue<>();

	/**
	 * Counts the words of a response body.
	 * @param body the response body
	 * @param contentType the raw {@code Content-Type} header value, or {@code null} when the header is absent
	 * @param baseUri the page URL
	 * @return the counts of the page
	 * @throws UnsupportedContentTypeException if the body is not text that the word policy reads
	 * @see PageTextExtractor#extractText(byte[], String, String)
	 */
	public PageWords count(byte[] body, @Nullable String contentType, String baseUri) {
		return countText(PageTextExtractor.extractText(body, contentType, baseUri));
	}

	/**
	 * Counts the words of text that is already extracted.
	 * @param text the text
	 * @return the counts of the text
	 */
	public PageWords countText(String text) {
		Objects.requireNonNull(text, "text must not be null");
		WordSplitter splitter = this.idleSplitters.poll();
		if (splitter == null) {
			splitter = new WordSplitter();
		}
		try {
			WordTally tally = new WordTally();
			splitter.split(text, tally);
			return new PageWords(tally.counts, tally.total);
		}
		finally {
			this.idleSplitters.offer(splitter);
		}
	}

	private static final class WordTally implements Consumer<String> {

		private final Map<String, Integer> counts = new HashMap<>();

		private long total;

		@Override
		public void accept(String word) {
			this.counts.merge(word, 1, Integer::sum);
			this.total++;
		}

	}

}
