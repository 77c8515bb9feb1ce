package dev.wordfleet.aggregator.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wordfleet.protocol.BatchEvent;
import dev.wordfleet.protocol.BatchFinished;
import dev.wordfleet.protocol.BatchProgressReport;
import dev.wordfleet.protocol.BatchResult;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.CancelBatch;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.WordCount;

/**
 * Tracks every batch whose events this aggregator reads, and publishes a batch's decision, cancel and result when it
 * reaches a final status. Under the default policy the first failed job fails the batch and cancels it on every
 * worker.
 * <p>
 * State lives in memory and is rebuilt at start-up by reading the batch-events topic from the beginning. While a
 * partition is being replayed nothing is decided for its batches, because later events, including the decisions of
 * an earlier run, are still unread. Once a partition has caught up, its batches are settled: a decision that an
 * earlier run made and published is known by then, and one it did not get to publish is made now.
 * <p>
 * Progress reports follow the same rule: {@link #reportProgress()} reports only changes read after the partition
 * caught up, and the final report goes out with the decision, so a restarted aggregator repeats neither.
 */
public class BatchTracker {

	private static final Logger logger = LoggerFactory.getLogger(BatchTracker.class);

	private final ConcurrentMap<String, BatchState> batches = new ConcurrentHashMap<>();

	private final Duration finishedBatchRetention;

	private final Set<Integer> caughtUp = ConcurrentHashMap.newKeySet();

	private final BatchPublications publications;

	private final Clock clock;

	private final int resultTopWords;

	private final BatchMetrics metrics;

	/**
	 * @param publications where decisions, cancels and results go
	 * @param clock the clock for deadlines and finish times
	 * @param resultTopWords number of most frequent words in each published result, 0 for all of them
	 * @param finishedBatchRetention how long the word counts of a finished batch stay in memory after its result was
	 * published
	 * @param metrics the batch metrics, whose gauges this tracker registers
	 */
	public BatchTracker(BatchPublications publications, Clock clock, int resultTopWords,
			Duration finishedBatchRetention, BatchMetrics metrics) {
		this.publications = publications;
		this.clock = clock;
		this.resultTopWords = resultTopWords;
		this.finishedBatchRetention = finishedBatchRetention;
		this.metrics = metrics;
		metrics.watch(this);
	}

	/**
	 * Merges one event into its batch and, once the partition has caught up, publishes the batch's decision if the
	 * event made it final. An event that fails here is redelivered by the listener container, which is safe because
	 * merging is idempotent. A final batch whose result could not be published is published on the next event or
	 * deadline check.
	 * @param event the event
	 * @param partition partition of the batch-events topic the event was read from
	 */
	public void apply(BatchEvent event, int partition) {
		BatchState state = this.batches.computeIfAbsent(event.batchId(), (id) -> new BatchState(id, partition));
		switch (event) {
			case BatchSubmitted manifest -> state.submitted(manifest);
			case JobOutcome outcome -> {
				if (!state.merge(outcome)) {
					logger.debug("Ignored an outcome of job {} of batch {}: repeated, partial or late",
							outcome.jobId(), outcome.batchId());
				}
				else if (this.caughtUp.contains(partition)) {
					state.recordOutcome(this.clock.instant());
				}
			}
			case BatchFinished decision -> state.finished(decision);
		}
		if (this.caughtUp.contains(partition)) {
			settle(state);
		}
	}

	/** Applies an event as if read from partition 0, which is taken as caught up; for tests and tools. */
	public void apply(BatchEvent event) {
		this.caughtUp.add(0);
		apply(event, 0);
	}

	/**
	 * Marks a partition as read up to its end, then settles its batches.
	 */
	public void caughtUp(int partition) {
		if (this.caughtUp.add(partition)) {
			long count = this.batches.values().stream().filter((state) -> state.partition() == partition).count();
			logger.info("Caught up with partition {} of the batch events: {} batches", partition, count);
			this.batches.values()
				.stream()
				.filter((state) -> state.partition() == partition)
				.forEach(BatchState::markReported);
			settleAll(partition);
		}
	}

	/** Returns whether the partition has been read up to its end since it was assigned. */
	public boolean isCaughtUp(int partition) {
		return this.caughtUp.contains(partition);
	}

	/** Forgets the batches of partitions this aggregator no longer reads; their new owner rebuilds them. */
	public void forget(Collection<Integer> partitions) {
		this.caughtUp.removeAll(partitions);
		this.batches.values().removeIf((state) -> partitions.contains(state.partition()));
	}

	/**
	 * Fails a running batch, for instance because one of its events went to the dead-letter topic, and publishes its
	 * decision once its partition has caught up. A batch that is already final is left as it is.
	 */
	public void fail(String batchId, int partition, String reason) {
		BatchState state = this.batches.computeIfAbsent(batchId, (id) -> new BatchState(id, partition));
		if (state.fail(reason, this.clock.instant())) {
			logger.info("Batch {} failed: {}", batchId, reason);
		}
		if (this.caughtUp.contains(state.partition())) {
			settle(state);
		}
	}

	/**
	 * Cancels a running batch on request, with the same effect on the workers as a first failure, and publishes its
	 * decision once its partition has caught up.
	 * @return the batch's progress after the request, or empty when the batch is unknown
	 * @throws IllegalStateException when the batch is already final
	 */
	public Optional<BatchProgress> cancel(String batchId, String reason) {
		BatchState state = this.batches.get(batchId);
		if (state == null) {
			return Optional.empty();
		}
		if (!state.cancel(reason, this.clock.instant())) {
			throw new IllegalStateException("batch " + batchId + " is already " + state.status().name()
					.toLowerCase(Locale.ROOT) + " and cannot be cancelled");
		}
		logger.info("Batch {} cancelled: {}", batchId, reason);
		if (this.caughtUp.contains(state.partition())) {
			settle(state);
		}
		return Optional.of(state.progress(this.clock.instant()));
	}

	/**
	 * Fails every running batch of a caught-up partition that has passed its deadline, and publishes decisions that
	 * failed to publish before.
	 */
	public void checkDeadlines() {
		for (int partition : this.caughtUp) {
			settleAll(partition);
		}
	}

	private void settleAll(int partition) {
		for (BatchState state : this.batches.values()) {
			if (state.partition() != partition) {
				continue;
			}
			try {
				settle(state);
			}
			catch (RuntimeException ex) {
				logger.error("Failed to settle batch {}; the next check tries again: {}", state.batchId(),
						ex.getMessage(), ex);
			}
		}
	}

	/** Returns the number of known batches that have not reached a final status. */
	public long runningBatches() {
		return this.batches.values().stream().filter((state) -> !state.status().isFinal()).count();
	}

	/**
	 * Returns the number of jobs of running batches that have no outcome yet. A batch whose manifest has not been
	 * read adds none, because its size is unknown.
	 */
	public long pendingJobs() {
		return this.batches.values().stream().mapToLong(BatchState::pendingJobs).sum();
	}

	/**
	 * Publishes a progress report of every running batch of a caught-up partition whose progress changed since its
	 * last report. Called at a fixed interval, which bounds the reports of one batch to one per interval. It stops at
	 * the first report that cannot be published, because the others would most likely fail too, and the next call
	 * reports the batches it skipped.
	 */
	public void reportProgress() {
		for (BatchState state : this.batches.values()) {
			if (!this.caughtUp.contains(state.partition())) {
				continue;
			}
			state.reportLock().lock();
			try {
				BatchProgressReport report = state.claimReport(this.clock.instant());
				if (report == null) {
					continue;
				}
				try {
					this.publications.publishProgress(report);
				}
				catch (RuntimeException ex) {
					state.reportFailed();
					logger.warn("Failed to publish the progress of batch {}; the next report tries again: {}",
							state.batchId(), ex.getMessage(), ex);
					return;
				}
			}
			finally {
				state.reportLock().unlock();
			}
		}
	}

	public Optional<BatchProgress> progress(String batchId) {
		Instant now = this.clock.instant();
		return Optional.ofNullable(this.batches.get(batchId)).map((state) -> state.progress(now));
	}

	/** Returns a report of a batch's progress now, or empty when the batch is unknown. */
	public Optional<BatchProgressReport> report(String batchId) {
		Instant now = this.clock.instant();
		return Optional.ofNullable(this.batches.get(batchId)).map((state) -> state.report(now));
	}

	/** Returns a batch's failed jobs in the order they were read, or empty when the batch is unknown. */
	public Optional<List<JobFailed>> failures(String batchId) {
		return Optional.ofNullable(this.batches.get(batchId)).map(BatchState::failures);
	}

	/** Returns every known batch's progress, most recently submitted first. */
	public List<BatchProgress> allProgress() {
		Instant now = this.clock.instant();
		List<BatchProgress> all = new ArrayList<>();
		this.batches.values().forEach((state) -> all.add(state.progress(now)));
		all.sort(Comparator.comparing(BatchProgress::submittedAt, Comparator.nullsFirst(Comparator.reverseOrder())));
		return all;
	}

	/**
	 * Returns a batch's most frequent words.
	 * @param limit maximum number of words; 0 or less returns all of them
	 * @throws WordsDroppedException when the batch finished longer ago than the retention of its word counts
	 */
	public Optional<List<WordCount>> words(String batchId, int limit) {
		BatchState state = this.batches.get(batchId);
		if (state == null) {
			return Optional.empty();
		}
		if (state.wordsDropped()) {
			throw new WordsDroppedException(batchId, this.finishedBatchRetention);
		}
		return Optional.of(state.topWords(limit));
	}

	/**
	 * Drops the word counts of batches that finished longer ago than the retention, so that the memory of an
	 * aggregator that runs for long does not grow with every batch. Their progress figures and failures stay, and
	 * their results are on the batch-results topic.
	 */
	public void dropExpiredWords() {
		Instant cutoff = this.clock.instant().minus(this.finishedBatchRetention);
		for (BatchState state : this.batches.values()) {
			if (state.dropWordsIfFinishedBefore(cutoff)) {
				logger.debug("Dropped the word counts of batch {}, finished more than {} ago", state.batchId(),
						this.finishedBatchRetention);
			}
		}
	}

	private void settle(BatchState state) {
		Instant now = this.clock.instant();
		BatchStatus reached = state.settle(now);
		if (reached != null) {
			logger.info("Batch {} {}{}", state.batchId(), reached.name().toLowerCase(Locale.ROOT),
					(state.statusReason() != null) ? ": " + state.statusReason() : "");
		}
		if (state.claimPublication()) {
			boolean published = false;
			try {
				publish(state);
				published = true;
			}
			finally {
				state.releasePublication(published);
			}
		}
	}

	private void publish(BatchState state) {
		Instant now = this.clock.instant();
		BatchProgress progress = state.progress(now);
		Instant finishedAt = (progress.finishedAt() != null) ? progress.finishedAt() : now;
		BatchFinished decision = BatchFinished.of(progress.batchId(), progress.status(), progress.statusReason(),
				finishedAt);
		CancelBatch cancel = (progress.status() != BatchStatus.COMPLETED)
				? CancelBatch.of(progress.batchId(), String.valueOf(progress.statusReason())) : null;
		BatchResult result = BatchResult.of(progress.batchId(), progress.status(),
				(progress.urlCount() != null) ? progress.urlCount() : 0, progress.done(), progress.failed(),
				progress.totalWords(), progress.distinctWords(), progress.pageBytes(),
				state.topWords(this.resultTopWords), progress.failures(), finishedAt);
		BatchProgressReport finalReport = state.report(finishedAt);
		state.reportLock().lock();
		try {
			this.publications.publishFinal(decision, cancel, result, finalReport);
		}
		finally {
			state.reportLock().unlock();
		}
		this.metrics.decided(progress);
	}

}
