package dev.wordfleet.protocol;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A batch's progress at one moment, as the aggregator reports it on the batch-progress topic and in its event
 * streams. The report with a final status is the last one of a batch.
 *
 * @param version schema version
 * @param batchId the batch
 * @param status the batch's status; {@link BatchStatus#RUNNING} until the aggregator decides a final one
 * @param reason why the batch failed or was cancelled, or {@code null} while it runs and when it completed
 * @param urlCount number of jobs in the batch, or {@code null} while the manifest has not been read
 * @param pagesCounted jobs that produced counts
 * @param pagesFailed jobs that failed
 * @param pagesPending jobs without an outcome, {@code urlCount - pagesCounted - pagesFailed}, or {@code null} while
 * the manifest has not been read
 * @param totalWords sum of the counts merged so far
 * @param distinctWords number of distinct words merged so far
 * @param pageBytes sum of the merged page sizes in bytes
 * @param pagesPerSecond jobs that reached an outcome per second over the last 10 seconds before the report, or
 * before the decision for a final batch; 0 or more
 * @param reportedAt when the aggregator took the report
 */
public record BatchProgressReport(int version, String batchId, BatchStatus status, @Nullable String reason,
		@Nullable Integer urlCount, int pagesCounted, int pagesFailed, @Nullable Integer pagesPending,
		long totalWords, long distinctWords, long pageBytes, double pagesPerSecond, Instant reportedAt) {

	public BatchProgressReport {
		Messages.checkVersion(version);
		Messages.requireText(batchId, "batchId");
		Objects.requireNonNull(status, "status is missing");
		Messages.requireNonNegative(pagesCounted, "pagesCounted");
		Messages.requireNonNegative(pagesFailed, "pagesFailed");
		Messages.requireNonNegative(totalWords, "totalWords");
		Messages.requireNonNegative(distinctWords, "distinctWords");
		Messages.requireNonNegative(pageBytes, "pageBytes");
		if ((urlCount == null) != (pagesPending == null)) {
			throw new IllegalArgumentException("urlCount and pagesPending must both be set or both be null, but were "
					+ urlCount + " and " + pagesPending);
		}
		if (urlCount != null && pagesCounted + pagesFailed + pagesPending != urlCount) {
			throw new IllegalArgumentException("pagesCounted (" + pagesCounted + "), pagesFailed (" + pagesFailed
					+ ") and pagesPending (" + pagesPending + ") must add up to urlCount (" + urlCount + ")");
		}
		if (!(pagesPerSecond >= 0) || Double.isInfinite(pagesPerSecond)) {
			throw new IllegalArgumentException("pagesPerSecond must be a finite number of 0 or more, but was "
					+ pagesPerSecond);
		}
		Objects.requireNonNull(reportedAt, "reportedAt is missing");
	}

	public static BatchProgressReport of(String batchId, BatchStatus status, @Nullable String reason,
			@Nullable Integer urlCount, int pagesCounted, int pagesFailed, long totalWords, long distinctWords,
			long pageBytes, double pagesPerSecond, Instant reportedAt) {
		Integer pending = (urlCount != null) ? urlCount - pagesCounted - pagesFailed : null;
		return new BatchProgressReport(Messages.SCHEMA_VERSION, batchId, status, reason, urlCount, pagesCounted,
				pagesFailed, pending, totalWords, distinctWords, pageBytes, pagesPerSecond, reportedAt);
	}

}
