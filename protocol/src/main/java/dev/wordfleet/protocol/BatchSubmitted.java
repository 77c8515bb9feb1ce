package dev.wordfleet.protocol;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The manifest of a batch, published in the same transaction as its jobs.
 *
 * @param version schema version
 * @param batchId id of the batch, unique across batches
 * @param urlCount number of URL jobs in the batch; jobs have ids 0 to {@code urlCount - 1}
 * @param maxFailures number of failed jobs the batch tolerates; the failure after that fails and cancels it, so 0
 * means the first failure does
 * @param deadline instant after which an unfinished batch fails, or {@code null} for none
 * @param submittedAt when the batch was submitted
 */
public record BatchSubmitted(int version, String batchId, int urlCount, int maxFailures, @Nullable Instant deadline,
		Instant submittedAt) implements BatchEvent {

	public BatchSubmitted {
		Messages.checkVersion(version);
		Messages.requireText(batchId, "batchId");
		Messages.requireNonNegative(urlCount, "urlCount");
		Messages.requireNonNegative(maxFailures, "maxFailures");
		Objects.requireNonNull(submittedAt, "submittedAt is missing");
	}

	public static BatchSubmitted of(String batchId, int urlCount, int maxFailures, @Nullable Instant deadline,
			Instant submittedAt) {
		return new BatchSubmitted(Messages.SCHEMA_VERSION, batchId, urlCount, maxFailures, deadline, submittedAt);
	}

}
