package dev.wordfleet.producer.batch;

import dev.wordfleet.api.ApiProperties;

/**
 * A submitted batch with more URLs than {@code wordfleet.api.max-urls} allows. Nothing of it is published.
 */
public class TooManyUrlsException extends RuntimeException {

	private final int limit;

	public TooManyUrlsException(int urlCount, int limit) {
		super("the batch has " + urlCount + " URLs, more than the limit of " + limit + "; split it into smaller "
				+ "batches, or raise " + ApiProperties.MAX_URLS_PROPERTY + " (default 100000). Nothing was published.");
		this.limit = limit;
	}

	public int limit() {
		return this.limit;
	}

}
