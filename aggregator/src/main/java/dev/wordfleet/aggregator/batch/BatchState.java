package dev.wordfleet.aggregator.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.InvalidMessageException;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.WordCount;

/**
 * The merged state of one batch. Each job is merged at most once, whatever is redelivered: the first outcome read
 * for a job id counts and later ones are ignored. Methods are synchronized because the listener thread writes while
 * HTTP threads read.
 */
final class BatchState {

	private final String batchId;

	private @Nullable BatchSubmitted manifest;

	private final BitSet accounted = new BitSet();

	private final Map<String, Long> counts = new HashMap<>();

	private final List<JobFailed> failures = new ArrayList<>();

	private int done;

	private long totalWords;

	private long pageBytes;

	private BatchStatus status = BatchStatus.RUNNING;

	private @Nullable String statusReason;

	private @Nullable Instant finishedAt;

	private boolean published;

	private boolean publishing;

	BatchState(String batchId) {
		this.batchId = batchId;
	}

	/**
	 * Records the batch's manifest. A repeated manifest is ignored.
	 * @throws InvalidMessageException when the manifest does not cover a job id already read
	 */
	synchronized void submitted(BatchSubmitted manifest) {
		if (this.manifest != null) {
			return;
		}
		int highest = this.accounted.length() - 1;
		if (highest >= manifest.urlCount()) {
			throw new InvalidMessageException("batch " + this.batchId + " has " + manifest.urlCount()
					+ " jobs, but an outcome for job " + highest + " was read");
		}
		this.manifest = manifest;
	}

	/**
	 * Merges a job's outcome unless that job was merged before.
	 * @return whether the outcome was merged
	 * @throws InvalidMessageException when the job id is outside the batch
	 */
	synchronized boolean merge(JobOutcome outcome) {
		if (this.manifest != null && outcome.jobId() >= this.manifest.urlCount()) {
			throw new InvalidMessageException("job " + outcome.jobId() + " is outside batch " + this.batchId
					+ ", which has " + this.manifest.urlCount() + " jobs");
		}
		if (this.accounted.get(outcome.jobId())) {
			return false;
		}
		this.accounted.set(outcome.jobId());
		if (this.status.isFinal()) {
			// The result is decided: late outcomes change neither the counts nor the progress figures.
			return false;
		}
		switch (outcome) {
			case PageCounted page -> {
				this.done++;
				this.totalWords += page.pageWords();
				this.pageBytes += page.pageBytes();
				page.counts().forEach((word, count) -> this.counts.merge(word, count.longValue(), Long::sum));
			}
			case JobFailed failure -> this.failures.add(failure);
		}
		return true;
	}

	/**
	 * Decides whether the batch has reached a final status, and moves it there.
	 * @return the new final status, or {@code null} when the batch still runs or was already final
	 */
	synchronized @Nullable BatchStatus settle(Instant now) {
		if (this.status.isFinal() || this.manifest == null) {
			return null;
		}
		if (this.failures.size() > this.manifest.maxFailures()) {
			return finish(BatchStatus.FAILED, describeFailure(this.failures.get(this.manifest.maxFailures())), now);
		}
		if (this.done + this.failures.size() == this.manifest.urlCount()) {
			return finish(BatchStatus.COMPLETED, null, now);
		}
		if (this.manifest.deadline() != null && !now.isBefore(this.manifest.deadline())) {
			return finish(BatchStatus.FAILED, "deadline exceeded", now);
		}
		return null;
	}

	/**
	 * Moves a running batch to {@link BatchStatus#FAILED}.
	 * @return whether the batch was running
	 */
	synchronized boolean fail(String reason, Instant now) {
		if (this.status.isFinal()) {
			return false;
		}
		finish(BatchStatus.FAILED, reason, now);
		return true;
	}

	/**
	 * Claims the publication of a final batch's result, so that one thread publishes it. Returns {@code false} while
	 * the batch runs, once it is published, and while another thread holds the claim.
	 */
	synchronized boolean claimPublication() {
		if (!this.status.isFinal() || this.published || this.publishing) {
			return false;
		}
		this.publishing = true;
		return true;
	}

	/** Ends a claim: the result is published, or publishing failed and a later claim tries again. */
	synchronized void releasePublication(boolean published) {
		this.publishing = false;
		this.published = published;
	}

	private synchronized List<WordCount> wordCounts() {
		List<WordCount> words = new ArrayList<>(this.counts.size());
		this.counts.forEach((word, count) -> words.add(new WordCount(word, count)));
		return words;
	}

	private BatchStatus finish(BatchStatus finalStatus, @Nullable String reason, Instant now) {
		this.status = finalStatus;
		this.statusReason = reason;
		this.finishedAt = now;
		return finalStatus;
	}

	private static String describeFailure(JobFailed failure) {
		return "job " + failure.jobId() + " failed (" + failure.reason() + "): " + failure.url() + ": "
				+ failure.message();
	}

	synchronized BatchStatus status() {
		return this.status;
	}

	/** Returns why the batch failed, or {@code null} when it did not. */
	synchronized @Nullable String statusReason() {
		return this.statusReason;
	}

	synchronized BatchProgress progress() {
		Integer urlCount = (this.manifest != null) ? this.manifest.urlCount() : null;
		Integer pending = (urlCount != null) ? urlCount - this.done - this.failures.size() : null;
		return new BatchProgress(this.batchId, this.status, this.statusReason, urlCount, this.done, this.failures.size(), pending,
				this.totalWords, this.counts.size(), this.pageBytes, List.copyOf(this.failures),
				(this.manifest != null) ? this.manifest.submittedAt() : null, this.finishedAt);
	}

	/**
	 * Returns the most frequent words, highest count first and equal counts by word.
	 * @param limit maximum number of words; 0 or less returns all of them
	 */
	List<WordCount> topWords(int limit) {
		List<WordCount> words = wordCounts();
		words.sort(WordCount.BY_COUNT_THEN_WORD);
		return (limit > 0 && limit < words.size()) ? List.copyOf(words.subList(0, limit)) : words;
	}

}
