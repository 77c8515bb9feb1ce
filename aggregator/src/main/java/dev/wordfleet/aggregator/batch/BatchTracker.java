package dev.wordfleet.aggregator.batch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wordfleet.protocol.BatchEvent;
import dev.wordfleet.protocol.BatchResult;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.CancelBatch;
import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.WordCount;

/**
 * Tracks every batch this aggregator has read events of, and publishes a batch's cancel and result when it reaches a
 * final status. Under the default policy the first failed job fails the batch and cancels it on every worker.
 */
public class BatchTracker {

	private static final Logger logger = LoggerFactory.getLogger(BatchTracker.class);

	private final ConcurrentMap<String, BatchState> batches = new ConcurrentHashMap<>();

	private final BatchPublications publications;

	private final Clock clock;

	private final int resultTopWords;

	/**
	 * @param publications where cancels and results go
	 * @param clock the clock for deadlines and finish times
	 * @param resultTopWords number of most frequent words in each published result
	 */
	public BatchTracker(BatchPublications publications, Clock clock, int resultTopWords) {
		this.publications = publications;
		this.clock = clock;
		this.resultTopWords = resultTopWords;
	}

	/**
	 * Merges one event into its batch, then publishes the batch's cancel and result if the event made it final. An
	 * event that fails here is redelivered by the listener container; merging is idempotent, and a final batch whose
	 * result could not be published is published on the next event or deadline check.
	 */
	public void apply(BatchEvent event) {
		BatchState state = this.batches.computeIfAbsent(event.batchId(), BatchState::new);
		switch (event) {
			case BatchSubmitted manifest -> state.submitted(manifest);
			case JobOutcome outcome -> {
				if (!state.merge(outcome)) {
					logger.debug("Ignored a repeated outcome of job {} of batch {}", outcome.jobId(),
							outcome.batchId());
				}
			}
		}
		settle(state);
	}

	/**
	 * Fails a running batch, for instance because one of its events went to the dead-letter topic, and publishes its
	 * cancel and result. A batch that is already final is left as it is.
	 */
	public void fail(String batchId, String reason) {
		BatchState state = this.batches.computeIfAbsent(batchId, BatchState::new);
		if (state.fail(reason, this.clock.instant())) {
			logger.info("Batch {} failed: {}", batchId, reason);
		}
		settle(state);
	}

	/** Fails every running batch that has passed its deadline, and publishes results that failed to publish. */
	public void checkDeadlines() {
		for (BatchState state : this.batches.values()) {
			try {
				settle(state);
			}
			catch (RuntimeException ex) {
				logger.error("Failed to settle batch {}; the next check tries again: {}", state.progress().batchId(),
						ex.getMessage(), ex);
			}
		}
	}

	public Optional<BatchProgress> progress(String batchId) {
		return Optional.ofNullable(this.batches.get(batchId)).map(BatchState::progress);
	}

	/** Returns every known batch's progress, most recently submitted first. */
	public List<BatchProgress> allProgress() {
		List<BatchProgress> all = new ArrayList<>();
		this.batches.values().forEach((state) -> all.add(state.progress()));
		all.sort(Comparator.comparing(BatchProgress::submittedAt, Comparator.nullsFirst(Comparator.reverseOrder())));
		return all;
	}

	/**
	 * Returns a batch's most frequent words.
	 * @param limit maximum number of words; 0 or less returns all of them
	 */
	public Optional<List<WordCount>> words(String batchId, int limit) {
		return Optional.ofNullable(this.batches.get(batchId)).map((state) -> state.topWords(limit));
	}

	private void settle(BatchState state) {
		Instant now = this.clock.instant();
		BatchStatus reached = state.settle(now);
		if (reached != null) {
			logger.info("Batch {} {}{}", state.progress().batchId(), reached.name().toLowerCase(Locale.ROOT),
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
		BatchProgress progress = state.progress();
		if (progress.status() == BatchStatus.FAILED) {
			this.publications.publishCancel(CancelBatch.of(progress.batchId(), String.valueOf(state.statusReason())));
		}
		this.publications.publishResult(BatchResult.of(progress.batchId(), progress.status(),
				(progress.urlCount() != null) ? progress.urlCount() : 0, progress.done(), progress.failed(),
				progress.totalWords(), progress.distinctWords(), progress.pageBytes(),
				state.topWords(this.resultTopWords), progress.failures(), this.clock.instant()));
	}

}
