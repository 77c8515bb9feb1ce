package dev.wordfleet.aggregator.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.wordfleet.protocol.BatchFinished;
import dev.wordfleet.protocol.BatchProgressReport;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.InvalidMessageException;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.WordCount;

/**
 * The merged state of one batch. Each job is merged at most once, whatever is redelivered: the first complete
 * outcome read for a job id counts and later ones are ignored. The parts of a split page wait in a buffer until all
 * have arrived, so a page whose fetch later fails on another worker never leaves half its counts behind. Methods are
 * synchronized because the listener thread writes while HTTP threads read.
 */
final class BatchState {

	private final String batchId;

	private final int partition;

	private @Nullable BatchSubmitted manifest;

	private final BitSet accounted = new BitSet();

	private final Map<Integer, PartialPage> partialPages = new HashMap<>();

	/**
	 * Count of each word, in a one-element array so that adding to it neither boxes nor allocates. Replaced by an
	 * empty map when the counts of a finished batch are dropped.
	 */
	private Map<String, long[]> counts = new HashMap<>();

	/** Number of distinct words when the counts were dropped, or -1 while they are kept. */
	private int droppedDistinctWords = -1;

	private final List<JobFailed> failures = new ArrayList<>();

	private int done;

	private long totalWords;

	private long pageBytes;

	private BatchStatus status = BatchStatus.RUNNING;

	private @Nullable String statusReason;

	private @Nullable Instant finishedAt;

	private boolean published;

	private boolean publishing;

	/** Number of changes to the batch's progress, so that a report is published only after a change. */
	private long changes;

	/** Value of {@link #changes} when the last progress report was claimed. */
	private long reportedChanges;

	private final PageRate rate = new PageRate();

	/**
	 * Held while a progress report or the final publication of the batch is sent, so that no report of a running
	 * batch reaches the batch-progress topic after its final report.
	 */
	private final ReentrantLock reportLock = new ReentrantLock();

	/**
	 * @param batchId the batch
	 * @param partition partition of the batch-events topic that contains the batch's events
	 */
	BatchState(String batchId, int partition) {
		this.batchId = batchId;
		this.partition = partition;
	}

	String batchId() {
		return this.batchId;
	}

	int partition() {
		return this.partition;
	}

	/**
	 * Records the batch's manifest. A repeated manifest of the same batch is ignored: a producer may publish a batch
	 * again under the same id, and its repeated jobs are merged once each.
	 * @throws InvalidMessageException when the manifest does not cover a job id already read, or repeats the batch id
	 * with another job count, failure tolerance or deadline, after which the outcomes of the two batches can no longer
	 * be distinguished
	 */
	synchronized void submitted(BatchSubmitted manifest) {
		if (this.manifest != null) {
			if (!sameBatch(this.manifest, manifest)) {
				throw new InvalidMessageException("batch " + this.batchId + " was submitted again with other "
						+ "contents (" + describe(manifest) + " instead of " + describe(this.manifest) + "), so its "
						+ "outcomes cannot be distinguished; submit the second batch under a new id");
			}
			return;
		}
		int highest = Math.max(this.accounted.length() - 1,
				this.partialPages.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1));
		if (highest >= manifest.urlCount()) {
			throw new InvalidMessageException("batch " + this.batchId + " has " + manifest.urlCount()
					+ " jobs, but an outcome for job " + highest + " was read");
		}
		this.manifest = manifest;
		this.changes++;
	}

	private static boolean sameBatch(BatchSubmitted first, BatchSubmitted repeated) {
		return first.urlCount() == repeated.urlCount() && first.maxFailures() == repeated.maxFailures()
				&& Objects.equals(deadlineAfterSubmission(first), deadlineAfterSubmission(repeated));
	}

	private static @Nullable Duration deadlineAfterSubmission(BatchSubmitted manifest) {
		return (manifest.deadline() != null) ? Duration.between(manifest.submittedAt(), manifest.deadline()) : null;
	}

	private static String describe(BatchSubmitted manifest) {
		Duration deadline = deadlineAfterSubmission(manifest);
		return manifest.urlCount() + " URLs, max failures " + manifest.maxFailures() + ", deadline "
				+ ((deadline != null) ? deadline : "none");
	}

	/**
	 * Merges a job's outcome, or a part of it, unless that job was merged before.
	 * @return whether the outcome changed the batch
	 * @throws InvalidMessageException when the job id is outside the batch
	 */
	synchronized boolean merge(JobOutcome outcome) {
		if (this.manifest != null && outcome.jobId() >= this.manifest.urlCount()) {
			throw new InvalidMessageException("job " + outcome.jobId() + " is outside batch " + this.batchId
					+ ", which has " + this.manifest.urlCount() + " jobs");
		}
		if (this.accounted.get(outcome.jobId()) || this.status.isFinal()) {
			// Once the result is decided, late outcomes change neither the counts nor the progress figures.
			return false;
		}
		switch (outcome) {
			case PageCounted page -> {
				PageCounted whole = collect(page);
				if (whole == null) {
					return false;
				}
				this.accounted.set(page.jobId());
				this.done++;
				// A URL listed several times was fetched once: its words count once per listing.
				long copies = whole.copies();
				this.totalWords += whole.pageWords() * copies;
				this.pageBytes += whole.pageBytes();
				whole.counts().forEach((word, count) -> this.counts.computeIfAbsent(word, (key) -> new long[1])[0] +=
						count * copies);
			}
			case JobFailed failure -> {
				this.partialPages.remove(failure.jobId());
				this.accounted.set(failure.jobId());
				this.failures.add(failure);
			}
		}
		this.changes++;
		return true;
	}

	/** Returns the whole page once every part has arrived, or {@code null} while parts are missing. */
	private @Nullable PageCounted collect(PageCounted page) {
		if (page.parts() == 1) {
			return page;
		}
		PartialPage partial = this.partialPages.computeIfAbsent(page.jobId(), (id) -> new PartialPage(page.parts()));
		if (!partial.add(page)) {
			return null;
		}
		this.partialPages.remove(page.jobId());
		return new PageCounted(page.version(), page.batchId(), page.jobId(), page.url(), partial.counts,
				page.pageBytes(), page.pageWords(), 0, 1, page.copies());
	}

	/**
	 * Records the aggregator's earlier decision, read back from the topic: the batch is final and its result was
	 * published.
	 */
	synchronized void finished(BatchFinished decision) {
		this.status = decision.status();
		this.statusReason = decision.reason();
		this.finishedAt = decision.finishedAt();
		this.published = true;
		this.changes++;
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
	 * Moves a running batch to {@link BatchStatus#CANCELLED}.
	 * @return whether the batch was running
	 */
	synchronized boolean cancel(String reason, Instant now) {
		if (this.status.isFinal()) {
			return false;
		}
		finish(BatchStatus.CANCELLED, reason, now);
		return true;
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
	 * the batch runs, once it is published, and while another thread has the claim.
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

	/**
	 * Drops the word counts of a batch that was final and published before {@code cutoff}, keeping its progress
	 * figures and failures.
	 * @return whether the counts were dropped by this call
	 */
	synchronized boolean dropWordsIfFinishedBefore(Instant cutoff) {
		if (!this.status.isFinal() || !this.published || this.finishedAt == null || !this.finishedAt.isBefore(cutoff)
				|| wordsDropped()) {
			return false;
		}
		this.droppedDistinctWords = this.counts.size();
		this.counts = Map.of();
		return true;
	}

	/** Returns whether the word counts of the batch were dropped. */
	synchronized boolean wordsDropped() {
		return this.droppedDistinctWords >= 0;
	}

	private int distinctWords() {
		return wordsDropped() ? this.droppedDistinctWords : this.counts.size();
	}

	private synchronized List<WordCount> wordCounts() {
		List<WordCount> words = new ArrayList<>(this.counts.size());
		this.counts.forEach((word, count) -> words.add(new WordCount(word, count[0])));
		return words;
	}

	private BatchStatus finish(BatchStatus finalStatus, @Nullable String reason, Instant now) {
		this.status = finalStatus;
		this.statusReason = reason;
		this.finishedAt = now;
		this.partialPages.clear();
		this.changes++;
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

	/** Returns the jobs without an outcome while the batch runs, and 0 once it is final or its size is unknown. */
	synchronized int pendingJobs() {
		if (this.status.isFinal() || this.manifest == null) {
			return 0;
		}
		return this.manifest.urlCount() - this.done - this.failures.size();
	}

	/** Returns the progress, with the rate of outcomes up to {@code now}, or up to the decision of a final batch. */
	synchronized BatchProgress progress(Instant now) {
		Integer urlCount = (this.manifest != null) ? this.manifest.urlCount() : null;
		Integer pending = (urlCount != null) ? urlCount - this.done - this.failures.size() : null;
		return new BatchProgress(this.batchId, this.status, this.statusReason, urlCount, this.done,
				this.failures.size(), pending, this.totalWords, distinctWords(), this.pageBytes,
				rateAt(now), List.copyOf(this.failures),
				(this.manifest != null) ? this.manifest.submittedAt() : null, this.finishedAt);
	}

	/** Returns the failed jobs in the order they were read. */
	synchronized List<JobFailed> failures() {
		return List.copyOf(this.failures);
	}

	/** Returns a progress report taken at {@code now}. */
	synchronized BatchProgressReport report(Instant now) {
		return BatchProgressReport.of(this.batchId, this.status, this.statusReason,
				(this.manifest != null) ? this.manifest.urlCount() : null, this.done, this.failures.size(),
				this.totalWords, distinctWords(), this.pageBytes, rateAt(now), now);
	}

	/**
	 * Claims the report of a running batch whose progress changed since the last claim, or since
	 * {@link #markReported()}.
	 * @return the report, or {@code null} when the batch is final, has no manifest yet or did not change
	 */
	synchronized @Nullable BatchProgressReport claimReport(Instant now) {
		if (this.status.isFinal() || this.manifest == null || this.changes == this.reportedChanges) {
			return null;
		}
		this.reportedChanges = this.changes;
		return report(now);
	}

	/** Takes back a claimed report that could not be published, so that the next claim reports the batch again. */
	synchronized void reportFailed() {
		this.reportedChanges = -1;
	}

	/** Takes the progress read so far as reported: it was read while catching up, so an earlier run reported it. */
	synchronized void markReported() {
		this.reportedChanges = this.changes;
	}

	/** Counts an outcome merged while the partition is caught up, for {@link BatchProgress#pagesPerSecond()}. */
	synchronized void recordOutcome(Instant at) {
		this.rate.record(at);
	}

	ReentrantLock reportLock() {
		return this.reportLock;
	}

	private double rateAt(Instant now) {
		Instant end = (this.status.isFinal() && this.finishedAt != null) ? this.finishedAt : now;
		return this.rate.perSecond(end);
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

	/** The parts of a split page read so far. */
	private static final class PartialPage {

		private final BitSet received = new BitSet();

		private final int parts;

		private final Map<String, Integer> counts = new HashMap<>();

		PartialPage(int parts) {
			this.parts = parts;
		}

		/** Adds a part unless it arrived before, and returns whether every part has now arrived. */
		boolean add(PageCounted part) {
			if (part.parts() != this.parts) {
				throw new InvalidMessageException("job " + part.jobId() + " of batch " + part.batchId()
						+ " was split into " + this.parts + " parts, but a part says " + part.parts());
			}
			if (!this.received.get(part.part())) {
				this.received.set(part.part());
				this.counts.putAll(part.counts());
			}
			return this.received.cardinality() == this.parts;
		}

	}

}
