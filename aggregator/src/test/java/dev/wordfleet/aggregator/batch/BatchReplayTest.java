package dev.wordfleet.aggregator.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.wordfleet.protocol.BatchFinished;
import dev.wordfleet.protocol.BatchProgressReport;
import dev.wordfleet.protocol.BatchResult;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.CancelBatch;
import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.UrlJob;
import dev.wordfleet.protocol.WordCount;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebuilding state by replaying a partition, and pages whose counts arrive in parts.
 */
class BatchReplayTest {

	private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

	private static final int PARTITION = 3;

	private final List<BatchFinished> decisions = new CopyOnWriteArrayList<>();

	private final List<BatchResult> results = new CopyOnWriteArrayList<>();

	private final List<CancelBatch> cancels = new CopyOnWriteArrayList<>();

	private final List<BatchProgressReport> reports = new CopyOnWriteArrayList<>();

	private final BatchPublications publications = new BatchPublications() {

		@Override
		public void publishFinal(BatchFinished decision, @Nullable CancelBatch cancel, BatchResult result,
				BatchProgressReport finalReport) {
			BatchReplayTest.this.decisions.add(decision);
			if (cancel != null) {
				BatchReplayTest.this.cancels.add(cancel);
			}
			BatchReplayTest.this.results.add(result);
			BatchReplayTest.this.reports.add(finalReport);
		}

		@Override
		public void publishProgress(BatchProgressReport report) {
			BatchReplayTest.this.reports.add(report);
		}

	};

	@Test
	void noProgressReportedWhileReplaying() {
		BatchTracker tracker = tracker(START.plusSeconds(5));
		tracker.apply(manifest("b", 3, null), PARTITION);
		tracker.apply(page("b", 0, Map.of("one", 1)), PARTITION);

		tracker.reportProgress();

		assertThat(this.reports).isEmpty();
	}

	@Test
	void progressReadWhileReplayingIsNotReportedAgain() {
		BatchTracker tracker = tracker(START.plusSeconds(5));
		tracker.apply(manifest("b", 3, null), PARTITION);
		tracker.apply(page("b", 0, Map.of("one", 1)), PARTITION);
		tracker.caughtUp(PARTITION);

		tracker.reportProgress();

		assertThat(this.reports).isEmpty();
	}

	@Test
	void progressAfterCatchingUpIsReported() {
		BatchTracker tracker = tracker(START.plusSeconds(5));
		tracker.apply(manifest("b", 3, null), PARTITION);
		tracker.apply(page("b", 0, Map.of("one", 1)), PARTITION);
		tracker.caughtUp(PARTITION);
		tracker.apply(page("b", 1, Map.of("two", 2)), PARTITION);

		tracker.reportProgress();

		assertThat(this.reports).hasSize(1);
		assertThat(this.reports.getFirst().pagesCounted()).isEqualTo(2);
		assertThat(this.reports.getFirst().pagesPending()).isEqualTo(1);
		assertThat(this.reports.getFirst().status()).isEqualTo(BatchStatus.RUNNING);
	}

	@Test
	void replayedDecisionPublishesNoFinalReport() {
		BatchTracker tracker = tracker(START.plusSeconds(5));
		tracker.apply(manifest("b", 1, null), PARTITION);
		tracker.apply(page("b", 0, Map.of("one", 1)), PARTITION);
		tracker.apply(BatchFinished.of("b", BatchStatus.COMPLETED, null, START.plusSeconds(1)), PARTITION);
		tracker.caughtUp(PARTITION);

		tracker.reportProgress();

		assertThat(this.reports).isEmpty();
		assertThat(this.results).isEmpty();
	}

	@Test
	void nothingPublishedWhileReplaying() {
		BatchTracker tracker = tracker(START.plusSeconds(5));

		tracker.apply(manifest("b", 2, null), PARTITION);
		tracker.apply(page("b", 0, Map.of("one", 1)), PARTITION);
		tracker.apply(page("b", 1, Map.of("two", 2)), PARTITION);

		assertThat(this.results).isEmpty();
		assertThat(tracker.progress("b").orElseThrow().status()).isEqualTo(BatchStatus.RUNNING);
	}

	@Test
	void catchingUpPublishesUnrecordedDecision() {
		BatchTracker tracker = tracker(START.plusSeconds(5));
		tracker.apply(manifest("b", 1, null), PARTITION);
		tracker.apply(page("b", 0, Map.of("one", 1)), PARTITION);

		tracker.caughtUp(PARTITION);

		assertThat(this.decisions).extracting(BatchFinished::status).containsExactly(BatchStatus.COMPLETED);
		assertThat(this.results).hasSize(1);
	}

	@Test
	void recordedDecisionIsNotPublishedAgain() {
		BatchTracker tracker = tracker(START.plusSeconds(5));
		tracker.apply(manifest("b", 1, null), PARTITION);
		tracker.apply(page("b", 0, Map.of("one", 1)), PARTITION);
		tracker.apply(BatchFinished.of("b", BatchStatus.COMPLETED, null, START.plusSeconds(1)), PARTITION);

		tracker.caughtUp(PARTITION);

		assertThat(this.results).isEmpty();
		assertThat(tracker.progress("b").orElseThrow().status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(tracker.words("b", 0).orElseThrow()).containsExactly(new WordCount("one", 1));
	}

	@Test
	void passedDeadlineNotJudgedDuringReplay() {
		BatchTracker tracker = tracker(START.plusSeconds(3600));
		tracker.apply(manifest("b", 1, START.plusSeconds(60)), PARTITION);
		tracker.checkDeadlines();
		tracker.apply(page("b", 0, Map.of("one", 1)), PARTITION);
		tracker.apply(BatchFinished.of("b", BatchStatus.COMPLETED, null, START.plusSeconds(10)), PARTITION);

		tracker.caughtUp(PARTITION);

		assertThat(this.results).isEmpty();
		assertThat(tracker.progress("b").orElseThrow().status()).isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	void deadlinePassedWhileDownFailsAtCatchUp() {
		BatchTracker tracker = tracker(START.plusSeconds(3600));
		tracker.apply(manifest("b", 2, START.plusSeconds(60)), PARTITION);
		tracker.apply(page("b", 0, Map.of("one", 1)), PARTITION);

		tracker.caughtUp(PARTITION);

		assertThat(this.decisions).hasSize(1);
		assertThat(this.decisions.getFirst().status()).isEqualTo(BatchStatus.FAILED);
		assertThat(this.decisions.getFirst().reason()).isEqualTo("deadline exceeded");
		assertThat(this.cancels).extracting(CancelBatch::batchId).containsExactly("b");
	}

	@Test
	void cancelOnRequestPublishesCancel() {
		BatchTracker tracker = caughtUpTracker();
		tracker.apply(manifest("b", 3, null), PARTITION);
		tracker.apply(page("b", 0, Map.of("one", 1)), PARTITION);

		BatchProgress progress = tracker.cancel("b", "cancelled on request").orElseThrow();

		assertThat(progress.status()).isEqualTo(BatchStatus.CANCELLED);
		assertThat(this.decisions).extracting(BatchFinished::status).containsExactly(BatchStatus.CANCELLED);
		assertThat(this.cancels).extracting(CancelBatch::reason).containsExactly("cancelled on request");
		assertThat(this.results).extracting(BatchResult::status).containsExactly(BatchStatus.CANCELLED);
	}

	@Test
	void cancelOfFinalBatchIsRejected() {
		BatchTracker tracker = caughtUpTracker();
		tracker.apply(manifest("b", 1, null), PARTITION);
		tracker.apply(page("b", 0, Map.of("one", 1)), PARTITION);

		org.assertj.core.api.Assertions.assertThatIllegalStateException()
			.isThrownBy(() -> tracker.cancel("b", "too late"))
			.withMessageContaining("already completed");
		assertThat(this.cancels).isEmpty();
	}

	@Test
	void cancelOfUnknownBatchIsEmpty() {
		assertThat(caughtUpTracker().cancel("nope", "reason")).isEmpty();
	}

	@Test
	void forgottenPartitionDropsItsBatches() {
		BatchTracker tracker = tracker(START);
		tracker.apply(manifest("b", 2, null), PARTITION);
		tracker.caughtUp(PARTITION);

		tracker.forget(List.of(PARTITION));

		assertThat(tracker.progress("b")).isEmpty();
		assertThat(tracker.isCaughtUp(PARTITION)).isFalse();
	}

	@Test
	void splitPageMergedWhenAllPartsArrive() {
		BatchTracker tracker = caughtUpTracker();
		tracker.apply(manifest("b", 1, null), PARTITION);
		List<PageCounted> parts = bigPage("b", 0).split(64);
		assertThat(parts).hasSizeGreaterThan(2);

		for (PageCounted part : parts.subList(0, parts.size() - 1)) {
			tracker.apply(part, PARTITION);
			tracker.apply(part, PARTITION);
		}

		assertThat(tracker.progress("b").orElseThrow().done()).isZero();
		assertThat(tracker.progress("b").orElseThrow().distinctWords()).isZero();
		tracker.apply(parts.getLast(), PARTITION);
		assertThat(tracker.progress("b").orElseThrow().status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(tracker.progress("b").orElseThrow().distinctWords()).isEqualTo(40);
		assertThat(tracker.progress("b").orElseThrow().totalWords()).isEqualTo(bigPage("b", 0).pageWords());
	}

	@Test
	void failureDiscardsPartialPage() {
		BatchTracker tracker = caughtUpTracker();
		tracker.apply(manifest("b", 1, 1), PARTITION);
		List<PageCounted> parts = bigPage("b", 0).split(64);
		tracker.apply(parts.getFirst(), PARTITION);

		tracker.apply(JobFailed.of(job("b", 0), FailureKind.TIMEOUT, "timed out"), PARTITION);
		parts.forEach((part) -> tracker.apply(part, PARTITION));

		BatchProgress progress = tracker.progress("b").orElseThrow();
		assertThat(progress.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(progress.failed()).isEqualTo(1);
		assertThat(progress.distinctWords()).isZero();
	}

	private BatchTracker tracker(Instant now) {
		return new BatchTracker(this.publications, Clock.fixed(now, ZoneOffset.UTC), 10, Duration.ofHours(1),
				new BatchMetrics(new SimpleMeterRegistry()));
	}

	private BatchTracker caughtUpTracker() {
		BatchTracker tracker = tracker(START);
		tracker.caughtUp(PARTITION);
		return tracker;
	}

	private static BatchSubmitted manifest(String batchId, int urlCount, @Nullable Instant deadline) {
		return BatchSubmitted.of(batchId, urlCount, 0, deadline, START);
	}

	private static BatchSubmitted manifest(String batchId, int urlCount, int maxFailures) {
		return BatchSubmitted.of(batchId, urlCount, maxFailures, null, START);
	}

	private static UrlJob job(String batchId, int jobId) {
		return UrlJob.of(batchId, jobId, "https://example.com/" + jobId);
	}

	private static PageCounted page(String batchId, int jobId, Map<String, Integer> counts) {
		long words = counts.values().stream().mapToLong(Integer::longValue).sum();
		return PageCounted.of(job(batchId, jobId), counts, 100, words);
	}

	/** A page of 40 distinct words, word i counted i + 1 times. */
	private static PageCounted bigPage(String batchId, int jobId) {
		Map<String, Integer> counts = new java.util.LinkedHashMap<>();
		for (int i = 0; i < 40; i++) {
			counts.put("word" + i, i + 1);
		}
		return page(batchId, jobId, counts);
	}

}
