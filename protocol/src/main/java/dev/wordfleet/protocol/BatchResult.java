package dev.wordfleet.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The final state of a batch, published once when it completes, fails or is cancelled.
 *
 * @param version schema version
 * @param batchId the batch
 * @param status final status, never {@link BatchStatus#RUNNING}
 * @param urlCount number of URL jobs in the batch
 * @param pagesCounted jobs that produced counts
 * @param pagesFailed jobs that failed
 * @param totalWords sum of all counts
 * @param distinctWords number of distinct words
 * @param pageBytes sum of the page sizes in bytes
 * @param topWords the most frequent words, at most as many as the aggregator is configured to publish
 * @param failures the failed jobs, in the order the aggregator received them
 * @param finishedAt when the aggregator decided the final status
 */
public record BatchResult(int version, String batchId, BatchStatus status, int urlCount, int pagesCounted,
		int pagesFailed, long totalWords, long distinctWords, long pageBytes, List<WordCount> topWords,
		List<JobFailed> failures, Instant finishedAt) {

	public BatchResult {
		Messages.checkVersion(version);
		Messages.requireText(batchId, "batchId");
		Objects.requireNonNull(status, "status is missing");
		topWords = List.copyOf(topWords);
		failures = List.copyOf(failures);
		Objects.requireNonNull(finishedAt, "finishedAt is missing");
	}

	public static BatchResult of(String batchId, BatchStatus status, int urlCount, int pagesCounted, int pagesFailed,
			long totalWords, long distinctWords, long pageBytes, List<WordCount> topWords, List<JobFailed> failures,
			Instant finishedAt) {
		return new BatchResult(Messages.SCHEMA_VERSION, batchId, status, urlCount, pagesCounted, pagesFailed,
				totalWords, distinctWords, pageBytes, topWords, failures, finishedAt);
	}

}
