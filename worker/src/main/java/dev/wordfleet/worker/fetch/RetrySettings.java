package dev.wordfleet.worker.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits for retrying a fetch that failed for a transient reason, read by {@link RetryPolicy}.
 *
 * @param maxRetries maximum number of retries after the first attempt, from 0 to {@value #MAX_RETRIES_LIMIT}, where 0
 * turns retries off
 * @param baseDelay upper bound of the random delay before the first retry, at least 1 ms. The bound doubles with
 * each further retry.
 * @param maxDelay largest upper bound of the random delay, at least {@code baseDelay}
 * @param maxRetryAfter longest wait that a {@code Retry-After} header may request, 0 or more. A server that requests
 * a longer wait fails the fetch without a retry.
 */
public record RetrySettings(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

	/** Default number of retries: 3. */
	public static final int DEFAULT_MAX_RETRIES = 3;

	/** Default delay bound before the first retry: 500 ms. */
	public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(500);

	/** Default largest delay bound: 30 seconds. */
	public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

	/** Default longest {@code Retry-After} wait: 60 seconds. */
	public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

	/** Largest accepted {@code maxRetries}, which keeps a misconfigured worker from retrying one URL for hours. */
	public static final int MAX_RETRIES_LIMIT = 100;

	public RetrySettings {
		Objects.requireNonNull(baseDelay, "baseDelay is missing");
		Objects.requireNonNull(maxDelay, "maxDelay is missing");
		Objects.requireNonNull(maxRetryAfter, "maxRetryAfter is missing");
		if (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
			throw new IllegalArgumentException(
					"maxRetries must be between 0 and " + MAX_RETRIES_LIMIT + ", but was " + maxRetries);
		}
		if (baseDelay.compareTo(Duration.ofMillis(1)) < 0) {
			throw new IllegalArgumentException("baseDelay must be at least 1 ms, but was " + baseDelay);
		}
		if (maxDelay.compareTo(baseDelay) < 0) {
			throw new IllegalArgumentException(
					"maxDelay must be at least baseDelay (" + baseDelay + "), but was " + maxDelay);
		}
		if (maxRetryAfter.isNegative()) {
			throw new IllegalArgumentException("maxRetryAfter must be 0 or more, but was " + maxRetryAfter);
		}
	}

	/**
	 * Returns the default settings: 3 retries, delay bounds from 500 ms doubling up to 30 s, and {@code Retry-After}
	 * waits of at most 60 s.
	 * @return the default settings
	 */
	public static RetrySettings defaults() {
		return new RetrySettings(DEFAULT_MAX_RETRIES, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_RETRY_AFTER);
	}

}
