package dev.wordfleet.producer.batch;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The failure policy and deadline of a batch.
 *
 * @param maxFailures failed jobs the batch tolerates; 0 fails and cancels it on the first failure
 * @param deadline longest time the batch may run, or {@code null} for no limit
 */
public record BatchOptions(int maxFailures, @Nullable Duration deadline) {

	public BatchOptions {
		if (maxFailures < 0) {
			throw new IllegalArgumentException("max failures must be 0 or more, but was " + maxFailures);
		}
		if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
			throw new IllegalArgumentException("deadline must be a positive duration, but was " + deadline);
		}
	}

	/** Returns the default options: fail on the first failure, no deadline. */
	public static BatchOptions defaults() {
		return new BatchOptions(0, null);
	}

}
