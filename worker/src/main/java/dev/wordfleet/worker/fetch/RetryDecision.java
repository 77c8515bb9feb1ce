package dev.wordfleet.worker.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * Outcome of {@link RetryPolicy} for a failed fetch: {@link Retry} after a delay, or {@link GiveUp}.
 */
public sealed interface RetryDecision {

	/**
	 * Returns why the policy decided so, for logs.
	 * @return the reason, such as {@code "HTTP status 503 is transient"}
	 */
	String reason();

	/**
	 * Fetch the URL again after a delay.
	 *
	 * @param retry number of this retry, from 1 to {@link RetrySettings#maxRetries()}
	 * @param delay time to wait before the retry, 0 or more
	 * @param reason why the failure is retried and where the delay comes from
	 */
	record Retry(int retry, Duration delay, String reason) implements RetryDecision {

		public Retry {
			Objects.requireNonNull(delay, "delay is missing");
			Objects.requireNonNull(reason, "reason is missing");
			if (retry < 1) {
				throw new IllegalArgumentException("retry must be 1 or more, but was " + retry);
			}
			if (delay.isNegative()) {
				throw new IllegalArgumentException("delay must be 0 or more, but was " + delay);
			}
		}

	}

	/**
	 * Stop and report the failure.
	 *
	 * @param reason why no retry follows
	 * @param message the failure's message for the job-failed message: the fetch's own message, followed by the
	 * reason in brackets when the failure was transient but is not retried
	 */
	record GiveUp(String reason, String message) implements RetryDecision {

		public GiveUp {
			Objects.requireNonNull(reason, "reason is missing");
			Objects.requireNonNull(message, "message is missing");
		}

	}

}
