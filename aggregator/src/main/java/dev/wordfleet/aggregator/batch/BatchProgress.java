package dev.wordfleet.aggregator.batch;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.JobFailed;

/**
 * A snapshot of a batch's progress.
 *
 * @param batchId the batch
 * @param status the batch's state
 * @param statusReason why the batch failed, or {@code null} when it did not
 * @param urlCount number of jobs, or {@code null} while the manifest has not been read
 * @param done jobs that produced counts
 * @param failed jobs that failed
 * @param pending jobs not yet accounted for, or {@code null} while the manifest has not been read
 * @param totalWords sum of all counts merged so far
 * @param distinctWords distinct words merged so far
 * @param pageBytes sum of the merged page sizes in bytes
 * @param pagesPerSecond jobs that reached an outcome per second over the last 10 seconds, or over the 10 seconds
 * before the decision of a final batch. Outcomes read while the aggregator replayed the batch-events topic do not
 * count.
 * @param failures failed jobs in the order they were read
 * @param submittedAt when the batch was submitted, or {@code null} while the manifest has not been read
 * @param finishedAt when the batch reached its final status, or {@code null} while it runs
 */
public record BatchProgress(String batchId, BatchStatus status, @Nullable String statusReason,
		@Nullable Integer urlCount, int done, int failed,
		@Nullable Integer pending, long totalWords, long distinctWords, long pageBytes, double pagesPerSecond,
		List<JobFailed> failures,
		@Nullable Instant submittedAt, @Nullable Instant finishedAt) {

	/**
	 * Creates a progress without a rate of outcomes ({@code pagesPerSecond} 0), as code that builds one by hand, such
	 * as a test of the command line's output, has no rate to give.
	 */
	public BatchProgress(String batchId, BatchStatus status, @Nullable String statusReason, @Nullable Integer urlCount,
			int done, int failed, @Nullable Integer pending, long totalWords, long distinctWords, long pageBytes,
			List<JobFailed> failures, @Nullable Instant submittedAt, @Nullable Instant finishedAt) {
		this(batchId, status, statusReason, urlCount, done, failed, pending, totalWords, distinctWords, pageBytes, 0,
				failures, submittedAt, finishedAt);
	}

	/** Returns the first failure read, or {@code null} when no job failed. */
	public @Nullable JobFailed firstFailure() {
		return this.failures.isEmpty() ? null : this.failures.getFirst();
	}

}
