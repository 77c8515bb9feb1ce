package dev.wordfleet.worker.text;


/**
 * Splits text that arrives piece by piece, as a page is read, into words, holding only a bounded part of it.
 * <p>
 * The text is handed to a {@link WordSplitter} in chunks of at least {@value #CHUNK_LENGTH} chars, each cut right
 * after an ASCII white space char (space, tab, line feed, form feed or carriage return) that is followed by a char
 * that does not attach to the char before it. Such a cut is always a word boundary and changes nothing in the
 * splitter's preparation. A white space char is a boundary of NFC normalization. In Unicode UAX #29 only Extend,
 * Format and ZWJ chars (rule WB4) attach to a white space char before them, so the text is never cut before those.
 * The words of the chunks are therefore those of the whole text. A run of text without such a cut, such as a long
 * Thai or Chinese paragraph with no white space, is held until it ends.
 * <p>
 * Instances are not thread-safe; each count uses its own.
 */
final class WordFeed {

	/** The length of text held before a chunk is cut off. */
	static final int CHUNK_LENGTH = 16 * 1024;

	private final WordSplitter splitter;

	private final WordTally tally;

	private final int chunkLength;

	private final StringBuilder pending = new StringBuilder();

	/** The length of pending text at which the next cut is tried. */
	private int nextCutAt;

	/** Every position before this one is known not to be a cut. */
	private int searchedUpTo = 1;

	/**
	 * Creates a feed that splits with the given splitter.
	 * @param splitter the splitter, used by this feed alone until it is finished
	 * @param tally counts the words
	 */
	WordFeed(WordSplitter splitter, WordTally tally) {
		this(splitter, tally, CHUNK_LENGTH);
	}

	/**
	 * Creates a feed that cuts chunks of the given length, so tests can cut short texts many times.
	 */
	WordFeed(WordSplitter splitter, WordTally tally, int chunkLength) {
		this.splitter = splitter;
		this.tally = tally;
		this.chunkLength = chunkLength;
		this.nextCutAt = chunkLength;
	}

	/**
	 * Adds one char of text.
	 * @param c the char
	 */
	void append(char c) {
		this.pending.append(c);
		if (this.pending.length() >= this.nextCutAt) {
			cut();
		}
	}

	/**
	 * Adds chars of text.
	 * @param chars the array that contains the text
	 * @param offset the index of the first char
	 * @param length the number of chars
	 */
	void append(char[] chars, int offset, int length) {
		this.pending.append(chars, offset, length);
		if (this.pending.length() >= this.nextCutAt) {
			cut();
		}
	}

	/**
	 * Splits the text that is still held. Call once, after the last text.
	 */
	void finish() {
		if (!this.pending.isEmpty()) {
			this.splitter.split(this.pending.toString(), this.tally);
		}
		dropPending();
	}

	/**
	 * Drops the text that is held and the words counted so far, for a page that turns out to have no text.
	 */
	void discardAll() {
		dropPending();
		this.tally.clear();
	}

	private void dropPending() {
		this.pending.setLength(0);
		this.pending.trimToSize();
		this.nextCutAt = this.chunkLength;
		this.searchedUpTo = 1;
	}

	/**
	 * Splits the pending text up to its last cut, if it has one. Positions already searched are not searched again,
	 * so a long run without a cut costs linear time.
	 */
	private void cut() {
		int length = this.pending.length();
		int cut = 0;
		for (int i = length - 1; i >= this.searchedUpTo; i--) {
			if (isCut(i)) {
				cut = i;
				break;
			}
		}
		if (cut == 0) {
			// The last char may be a high surrogate whose pair has not arrived yet: look at it again next time.
			this.searchedUpTo = Math.max(1, length - 1);
			this.nextCutAt = length + this.chunkLength;
			return;
		}
		this.splitter.split(this.pending.substring(0, cut), this.tally);
		this.pending.delete(0, cut);
		this.searchedUpTo = 1;
		this.nextCutAt = this.pending.length() + this.chunkLength;
	}

	/**
	 * Tells whether the text may be cut before position {@code i}, which is greater than zero and less than the
	 * length.
	 */
	private boolean isCut(int i) {
		// A high surrogate at the end pairs with a char that has not arrived yet, which may attach to the space.
		if (i + 1 == this.pending.length() && Character.isHighSurrogate(this.pending.charAt(i))) {
			return false;
		}
		return WordSplitter.isCut(this.pending, i);
	}

	/** Space, tab, line feed, form feed and carriage return. */
	static boolean isAsciiWhitespace(char c) {
		return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
	}

}
