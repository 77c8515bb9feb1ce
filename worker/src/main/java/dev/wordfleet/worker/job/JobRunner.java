package dev.wordfleet.worker.job;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.UrlJob;
import dev.wordfleet.worker.fetch.FetchException;
import dev.wordfleet.worker.fetch.FetchedPage;
import dev.wordfleet.worker.fetch.PendingFetch;
import dev.wordfleet.worker.text.PageCounter;
import dev.wordfleet.worker.text.PageWords;
import dev.wordfleet.worker.text.UnsupportedContentTypeException;

/**
 * Runs one job: fetches the page, counts its words and turns the result or the failure into an outcome.
 */
public class JobRunner {

	private static final Logger logger = LoggerFactory.getLogger(JobRunner.class);

	private final PageCounter counter;

	private final FetchMetrics metrics;

	public JobRunner(PageCounter counter, FetchMetrics metrics) {
		this.counter = counter;
		this.metrics = metrics;
	}

	/**
	 * Runs the fetch and returns the job's outcome, or {@code null} when the fetch was cancelled because its batch
	 * was: a cancelled job has no outcome.
	 */
	@Nullable JobOutcome run(UrlJob job, PendingFetch fetch) {
		long started = System.nanoTime();
		FetchedPage page;
		try {
			page = fetch.execute();
		}
		catch (FetchException ex) {
			if (fetch.isCancelled()) {
				logger.debug("Aborted job {} of batch {}: its batch was cancelled", job.jobId(), job.batchId());
				return null;
			}
			logger.info("Job {} of batch {} failed ({}): {}", job.jobId(), job.batchId(), ex.kind(), ex.getMessage());
			return failed(job, ex.kind(), ex.getMessage(), started);
		}
		catch (RuntimeException ex) {
			logger.error("Job {} of batch {} failed on {}", job.jobId(), job.batchId(), job.url(), ex);
			return failed(job, FailureKind.INTERNAL, ex.getClass().getSimpleName() + ": " + ex.getMessage(), started);
		}
		Duration latency = Duration.ofNanos(System.nanoTime() - started);
		try {
			PageWords words = this.counter.count(page.body(), page.contentType(), page.url().toString());
			this.metrics.fetched(page.body().length, latency);
			return PageCounted.of(job, words.counts(), page.body().length, words.totalWords());
		}
		catch (UnsupportedContentTypeException ex) {
			logger.info("Job {} of batch {} failed ({}): {}: {}", job.jobId(), job.batchId(),
					FailureKind.UNSUPPORTED_CONTENT_TYPE, job.url(), ex.getMessage());
			this.metrics.failed(FailureKind.UNSUPPORTED_CONTENT_TYPE, latency);
			return JobFailed.of(job, FailureKind.UNSUPPORTED_CONTENT_TYPE, ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.error("Job {} of batch {} failed on {}", job.jobId(), job.batchId(), job.url(), ex);
			this.metrics.failed(FailureKind.INTERNAL, latency);
			return JobFailed.of(job, FailureKind.INTERNAL, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private JobFailed failed(UrlJob job, FailureKind reason, String message, long started) {
		this.metrics.failed(reason, Duration.ofNanos(System.nanoTime() - started));
		return JobFailed.of(job, reason, message);
	}

}
