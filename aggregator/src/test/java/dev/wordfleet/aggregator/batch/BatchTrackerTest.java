package dev.wordfleet.aggregator.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
import dev.wordfleet.protocol.InvalidMessageException;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.UrlJob;
import dev.wordfleet.protocol.WordCount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

class BatchTrackerTest {

	private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final RecordingPublications publications = new RecordingPublications();

	/** How long the trackers of these tests keep the word counts of a finished batch. */
	private static final Duration RETENTION = Duration.ofHours(1);

	private final BatchTracker tracker = new BatchTracker(this.publications, this.clock, 100, RETENTION,
			new BatchMetrics(new SimpleMeterRegistry()));

	private static BatchSubmitted manifest(String batchId, int urlCount, int maxFailures) {
		return BatchSubmitted.of(batchId, urlCount, maxFailures, null, START);
	}

	private static BatchSubmitted manifest(String batchId, int urlCount, Instant submittedAt) {
		return BatchSubmitted.of(batchId, urlCount, 0, null, submittedAt);
	}

	private static BatchSubmitted manifestWithDeadline(String batchId, int urlCount, Duration deadline) {
		return BatchSubmitted.of(batchId, urlCount, 0, START.plus(deadline), START);
	}

	private static UrlJob job(String batchId, int jobId) {
		return UrlJob.of(batchId, jobId, "https://example.com/" + jobId);
	}

	private static PageCounted page(String batchId, int jobId, Map<String, Integer> counts) {
		long words = counts.values().stream().mapToLong(Integer::longValue).sum();
		return PageCounted.of(job(batchId, jobId), counts, 1000 + jobId, words);
	}

	private static PageCounted page(String batchId, int jobId) {
		return page(batchId, jobId, Map.of("word", 1));
	}

	private static JobFailed failure(String batchId, int jobId) {
		return JobFailed.of(job(batchId, jobId), FailureKind.HTTP_STATUS, "HTTP 404");
	}

	private BatchProgress progress(String batchId) {
		return this.tracker.progress(batchId).orElseThrow();
	}

	private void applyAll(String batchId, int fromJob, int toJob) {
		for (int jobId = fromJob; jobId < toJob; jobId++) {
			this.tracker.apply(page(batchId, jobId));
		}
	}

	@Test
	void staysRunningWhileJobsPending() {
		this.tracker.apply(manifest("b1", 3, 0));
		applyAll("b1", 0, 2);

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.RUNNING);
		assertThat(progress("b1").pending()).isEqualTo(1);
		assertThat(this.publications.results).isEmpty();
	}

	@Test
	void completesWhenEveryJobAccounted() {
		this.tracker.apply(manifest("b1", 3, 0));
		applyAll("b1", 0, 3);

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(progress("b1").pending()).isZero();
		assertThat(progress("b1").finishedAt()).isEqualTo(START);
		assertThat(this.publications.results).extracting(BatchResult::status).containsExactly(BatchStatus.COMPLETED);
		assertThat(this.publications.cancels).isEmpty();
	}

	@Test
	void finishedBatchDropsWordsAfterRetention() {
		this.tracker.apply(manifest("b1", 2, 0));
		this.tracker.apply(page("b1", 0, Map.of("the", 3, "fox", 1)));
		this.tracker.apply(page("b1", 1, Map.of("the", 2)));

		this.clock.advance(RETENTION.minusSeconds(1));
		this.tracker.dropExpiredWords();
		assertThat(this.tracker.words("b1", 0).orElseThrow()).hasSize(2);

		this.clock.advance(Duration.ofSeconds(2));
		this.tracker.dropExpiredWords();
		assertThatExceptionOfType(WordsDroppedException.class).isThrownBy(() -> this.tracker.words("b1", 0))
			.withMessageContaining("batch b1")
			.withMessageContaining("dropped from memory " + RETENTION.toSeconds() + " s after it finished")
			.withMessageContaining("wordfleet.aggregator.finished-batch-retention");
		BatchProgress progress = progress("b1");
		assertThat(progress.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(progress.distinctWords()).isEqualTo(2);
		assertThat(progress.totalWords()).isEqualTo(6);
	}

	@Test
	void runningBatchKeepsWordsPastRetention() {
		this.tracker.apply(manifest("b1", 2, 0));
		this.tracker.apply(page("b1", 0, Map.of("the", 3)));

		this.clock.advance(RETENTION.multipliedBy(2));
		this.tracker.dropExpiredWords();

		assertThat(this.tracker.words("b1", 0).orElseThrow()).containsExactly(new WordCount("the", 3));
	}

	@Test
	void lateOutcomeAfterDroppedWordsChangesNothing() {
		this.tracker.apply(manifest("b1", 1, 0));
		this.tracker.apply(page("b1", 0, Map.of("the", 3)));
		this.clock.advance(RETENTION.plusSeconds(1));
		this.tracker.dropExpiredWords();

		this.tracker.apply(page("b1", 0, Map.of("the", 3)));

		assertThat(this.tracker.runningBatches()).isZero();
		assertThat(progress("b1").totalWords()).isEqualTo(3);
		assertThat(progress("b1").distinctWords()).isEqualTo(1);
		assertThatExceptionOfType(WordsDroppedException.class).isThrownBy(() -> this.tracker.words("b1", 0));
	}

	@Test
	void totalsSumPageCounts() {
		this.tracker.apply(manifest("b1", 2, 0));
		this.tracker.apply(page("b1", 0, Map.of("the", 3, "fox", 1)));
		this.tracker.apply(page("b1", 1, Map.of("the", 2, "dog", 4)));

		BatchProgress progress = progress("b1");

		assertThat(progress.totalWords()).isEqualTo(10);
		assertThat(progress.distinctWords()).isEqualTo(3);
		assertThat(progress.pageBytes()).isEqualTo(1000 + 1001);
		assertThat(progress.done()).isEqualTo(2);
		assertThat(this.tracker.words("b1", 0)).contains(
				List.of(new WordCount("the", 5), new WordCount("dog", 4), new WordCount("fox", 1)));
	}

	@Test
	void pageListedSeveralTimesCountsOncePerListing() {
		this.tracker.apply(manifest("b1", 2, 0));
		UrlJob listedThrice = UrlJob.of("b1", 0, "https://example.com/0", 3);
		this.tracker.apply(PageCounted.of(listedThrice, Map.of("the", 2, "fox", 1), 1000, 3));
		this.tracker.apply(page("b1", 1, Map.of("the", 1)));

		BatchResult result = this.publications.results.getFirst();

		assertThat(result.totalWords()).isEqualTo(3 * 3 + 1);
		assertThat(result.pageBytes()).isEqualTo(1000 + 1001);
		assertThat(result.topWords()).containsExactly(new WordCount("the", 7), new WordCount("fox", 3));
	}

	@Test
	void resultCarriesTotals() {
		this.tracker.apply(manifest("b1", 2, 0));
		this.tracker.apply(page("b1", 0, Map.of("the", 3, "fox", 1)));
		this.tracker.apply(page("b1", 1, Map.of("the", 2, "dog", 4)));

		BatchResult result = this.publications.results.getFirst();

		assertThat(result.batchId()).isEqualTo("b1");
		assertThat(result.urlCount()).isEqualTo(2);
		assertThat(result.pagesCounted()).isEqualTo(2);
		assertThat(result.pagesFailed()).isZero();
		assertThat(result.totalWords()).isEqualTo(10);
		assertThat(result.distinctWords()).isEqualTo(3);
		assertThat(result.pageBytes()).isEqualTo(2001);
		assertThat(result.topWords()).containsExactly(new WordCount("the", 5), new WordCount("dog", 4),
				new WordCount("fox", 1));
		assertThat(result.failures()).isEmpty();
	}

	@Test
	void resultListsConfiguredTopWords() {
		BatchTracker limited = new BatchTracker(this.publications, this.clock, 2, RETENTION,
				new BatchMetrics(new SimpleMeterRegistry()));
		limited.apply(manifest("b1", 1, 0));
		limited.apply(page("b1", 0, Map.of("a", 1, "b", 2, "c", 3)));

		assertThat(this.publications.results.getFirst().topWords()).containsExactly(new WordCount("c", 3),
				new WordCount("b", 2));
	}

	@Test
	void repeatedPageMergedOnce() {
		this.tracker.apply(manifest("b1", 2, 0));
		PageCounted page = page("b1", 0, Map.of("the", 3));
		this.tracker.apply(page);
		this.tracker.apply(page);

		assertThat(progress("b1").done()).isEqualTo(1);
		assertThat(progress("b1").totalWords()).isEqualTo(3);
		assertThat(this.tracker.words("b1", 0)).contains(List.of(new WordCount("the", 3)));
		assertThat(progress("b1").status()).isEqualTo(BatchStatus.RUNNING);
	}

	@Test
	void laterOutcomeForSameJobIgnored() {
		this.tracker.apply(manifest("b1", 2, 0));
		this.tracker.apply(page("b1", 0));
		this.tracker.apply(failure("b1", 0));

		assertThat(progress("b1").failed()).isZero();
		assertThat(progress("b1").status()).isEqualTo(BatchStatus.RUNNING);
	}

	@Test
	void firstFailureFailsBatch() {
		this.tracker.apply(manifest("b1", 3, 0));
		this.tracker.apply(page("b1", 0));
		this.tracker.apply(failure("b1", 1));

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.FAILED);
		assertThat(progress("b1").statusReason()).startsWith("job 1 failed (HTTP_STATUS)");
		assertThat(progress("b1").statusReason()).contains("HTTP 404");
	}

	@Test
	void firstFailurePublishesCancelAndResult() {
		this.tracker.apply(manifest("b1", 3, 0));
		this.tracker.apply(page("b1", 0));
		this.tracker.apply(failure("b1", 1));

		assertThat(this.publications.cancels).hasSize(1);
		assertThat(this.publications.cancels.getFirst().batchId()).isEqualTo("b1");
		assertThat(this.publications.cancels.getFirst().reason()).startsWith("job 1 failed");
		assertThat(this.publications.results).hasSize(1);
		assertThat(this.publications.results.getFirst().status()).isEqualTo(BatchStatus.FAILED);
		assertThat(this.publications.results.getFirst().failures()).containsExactly(failure("b1", 1));
	}

	@Test
	void outcomesAfterFailurePublishNothing() {
		this.tracker.apply(manifest("b1", 4, 0));
		this.tracker.apply(failure("b1", 0));
		this.tracker.apply(failure("b1", 1));
		this.tracker.apply(page("b1", 2));
		this.tracker.apply(page("b1", 3));
		this.tracker.checkDeadlines();

		assertThat(this.publications.cancels).hasSize(1);
		assertThat(this.publications.results).hasSize(1);
		assertThat(progress("b1").status()).isEqualTo(BatchStatus.FAILED);
		assertThat(progress("b1").statusReason()).startsWith("job 0 failed");
	}

	@Test
	void toleratedFailuresStillComplete() {
		this.tracker.apply(manifest("b1", 4, 2));
		this.tracker.apply(failure("b1", 0));
		this.tracker.apply(page("b1", 1));
		this.tracker.apply(failure("b1", 2));
		this.tracker.apply(page("b1", 3));

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(progress("b1").failures()).containsExactly(failure("b1", 0), failure("b1", 2));
		assertThat(this.publications.results.getFirst().failures()).containsExactly(failure("b1", 0),
				failure("b1", 2));
		assertThat(this.publications.cancels).isEmpty();
	}

	@Test
	void failureBeyondToleranceFailsBatch() {
		this.tracker.apply(manifest("b1", 5, 2));
		this.tracker.apply(failure("b1", 0));
		this.tracker.apply(failure("b1", 1));

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.RUNNING);

		this.tracker.apply(failure("b1", 4));

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.FAILED);
		assertThat(progress("b1").statusReason()).startsWith("job 4 failed");
		assertThat(this.publications.cancels).hasSize(1);
		assertThat(this.publications.results).hasSize(1);
	}

	@Test
	void outcomesBeforeManifestAreKept() {
		this.tracker.apply(page("b1", 1, Map.of("late", 2)));
		this.tracker.apply(page("b1", 0, Map.of("early", 1)));

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.RUNNING);
		assertThat(progress("b1").urlCount()).isNull();
		assertThat(progress("b1").pending()).isNull();
		assertThat(progress("b1").done()).isEqualTo(2);
		assertThat(this.publications.results).isEmpty();
	}

	@Test
	void manifestAfterOutcomesCompletes() {
		this.tracker.apply(page("b1", 1, Map.of("late", 2)));
		this.tracker.apply(page("b1", 0, Map.of("early", 1)));
		this.tracker.apply(manifest("b1", 2, 0));

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(progress("b1").totalWords()).isEqualTo(3);
		assertThat(this.publications.results).hasSize(1);
	}

	@Test
	void failureBeforeManifestFailsOnManifest() {
		this.tracker.apply(failure("b1", 1));

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.RUNNING);

		this.tracker.apply(manifest("b1", 3, 0));

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.FAILED);
		assertThat(this.publications.cancels).hasSize(1);
	}

	@Test
	void jobOutsideBatchRejected() {
		this.tracker.apply(manifest("b1", 2, 0));

		assertThatExceptionOfType(InvalidMessageException.class).isThrownBy(() -> this.tracker.apply(page("b1", 2)))
			.withMessageContaining("job 2")
			.withMessageContaining("b1");
	}

	@Test
	void manifestTooSmallForOutcomesRejected() {
		this.tracker.apply(page("b1", 5));

		assertThatExceptionOfType(InvalidMessageException.class)
			.isThrownBy(() -> this.tracker.apply(manifest("b1", 3, 0)))
			.withMessageContaining("job 5");
	}

	@Test
	void repeatedManifestIgnored() {
		this.tracker.apply(manifest("b1", 2, 0));
		this.tracker.apply(manifest("b1", 2, START.plusSeconds(5)));
		applyAll("b1", 0, 2);

		assertThat(progress("b1").urlCount()).isEqualTo(2);
		assertThat(progress("b1").submittedAt()).isEqualTo(START);
		assertThat(progress("b1").status()).isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	void repeatedManifestWithOtherContentsRejected() {
		this.tracker.apply(manifest("b1", 2, 0));

		assertThatExceptionOfType(InvalidMessageException.class)
			.isThrownBy(() -> this.tracker.apply(manifest("b1", 5, 3)))
			.withMessageContaining("submitted again with other contents")
			.withMessageContaining("5 URLs, max failures 3");
		assertThat(progress("b1").urlCount()).isEqualTo(2);
	}

	@Test
	void repeatedManifestWithOtherDeadlineRejected() {
		this.tracker.apply(manifestWithDeadline("b1", 2, Duration.ofMinutes(10)));

		assertThatExceptionOfType(InvalidMessageException.class)
			.isThrownBy(() -> this.tracker.apply(manifestWithDeadline("b1", 2, Duration.ofMinutes(20))))
			.withMessageContaining("deadline PT20M instead of");
	}

	@Test
	void repeatedJobsOfRepeatedBatchMergedOnce() {
		this.tracker.apply(manifest("b1", 2, 0));
		this.tracker.apply(page("b1", 0, Map.of("the", 3)));
		this.tracker.apply(manifest("b1", 2, START.plusSeconds(5)));
		this.tracker.apply(page("b1", 0, Map.of("the", 3)));
		this.tracker.apply(page("b1", 1, Map.of("the", 2)));
		this.tracker.apply(page("b1", 1, Map.of("the", 2)));

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(progress("b1").done()).isEqualTo(2);
		assertThat(this.tracker.words("b1", 0).orElseThrow()).containsExactly(new WordCount("the", 5));
	}

	@Test
	void passedDeadlineFailsBatch() {
		this.tracker.apply(manifestWithDeadline("b1", 2, Duration.ofMinutes(1)));
		this.tracker.apply(page("b1", 0));
		this.clock.advance(Duration.ofMinutes(2));

		this.tracker.checkDeadlines();

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.FAILED);
		assertThat(progress("b1").statusReason()).isEqualTo("deadline exceeded");
		assertThat(this.publications.cancels).containsExactly(CancelBatch.of("b1", "deadline exceeded"));
		assertThat(this.publications.results).extracting(BatchResult::status).containsExactly(BatchStatus.FAILED);
	}

	@Test
	void deadlineAheadKeepsRunning() {
		this.tracker.apply(manifestWithDeadline("b1", 2, Duration.ofMinutes(1)));
		this.clock.advance(Duration.ofSeconds(59));

		this.tracker.checkDeadlines();

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.RUNNING);
		assertThat(this.publications.cancels).isEmpty();
		assertThat(this.publications.results).isEmpty();
	}

	@Test
	void deadlineReachedExactlyFailsBatch() {
		this.tracker.apply(manifestWithDeadline("b1", 2, Duration.ofMinutes(1)));
		this.clock.advance(Duration.ofMinutes(1));

		this.tracker.checkDeadlines();

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void completedBatchIgnoresDeadline() {
		this.tracker.apply(manifestWithDeadline("b1", 1, Duration.ofMinutes(1)));
		this.tracker.apply(page("b1", 0));
		this.clock.advance(Duration.ofMinutes(5));

		this.tracker.checkDeadlines();

		assertThat(progress("b1").status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.publications.results).hasSize(1);
	}

	@Test
	void failedPublicationRetriedOnNextEvent() {
		this.tracker.apply(manifest("b1", 2, 0));
		this.tracker.apply(page("b1", 0));
		this.publications.failNextResults(1);

		assertThatIllegalStateException().isThrownBy(() -> this.tracker.apply(page("b1", 1)));
		assertThat(progress("b1").status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.publications.results).isEmpty();

		this.tracker.apply(page("b1", 1));
		this.tracker.apply(page("b1", 0));

		assertThat(this.publications.results).hasSize(1);
	}

	@Test
	void failedPublicationRetriedOnDeadlineCheck() {
		this.tracker.apply(manifest("b1", 1, 0));
		this.publications.failNextResults(1);
		Throwable publishFailure = catchThrowable(() -> this.tracker.apply(page("b1", 0)));

		this.tracker.checkDeadlines();
		this.tracker.checkDeadlines();

		assertThat(publishFailure).isInstanceOf(IllegalStateException.class);
		assertThat(this.publications.results).hasSize(1);
	}

	@Test
	void failedPublicationSparesOtherBatches() {
		this.tracker.apply(manifestWithDeadline("b1", 2, Duration.ofMinutes(1)));
		this.tracker.apply(manifestWithDeadline("b2", 2, Duration.ofMinutes(1)));
		this.clock.advance(Duration.ofMinutes(2));
		this.publications.rejectFirstBatchPublished();

		catchThrowable(this.tracker::checkDeadlines);

		assertThat(this.publications.results).as("results of the batch whose publication works").hasSize(1);
	}

	@Test
	void concurrentSettleStillPublishesOnce() throws InterruptedException {
		this.tracker.apply(manifest("b1", 1, 0));
		CountDownLatch release = this.publications.blockFirstResult();

		Thread listener = Thread.ofVirtual().start(() -> this.tracker.apply(page("b1", 0)));
		assertThat(this.publications.firstResultEntered.await(10, TimeUnit.SECONDS)).isTrue();
		Thread deadlineCheck = Thread.ofVirtual().start(this.tracker::checkDeadlines);
		deadlineCheck.join(Duration.ofSeconds(2));
		release.countDown();
		assertThat(listener.join(Duration.ofSeconds(10))).isTrue();
		assertThat(deadlineCheck.join(Duration.ofSeconds(10))).isTrue();

		assertThat(this.publications.results).hasSize(1);
	}

	@Test
	void progressReportedOncePerChange() {
		this.tracker.apply(manifest("b1", 3, 0));
		this.tracker.apply(page("b1", 0));

		this.tracker.reportProgress();
		this.tracker.reportProgress();
		this.tracker.apply(page("b1", 1));
		this.tracker.reportProgress();

		assertThat(this.publications.reports).extracting(BatchProgressReport::pagesCounted).containsExactly(1, 2);
		assertThat(this.publications.reports).extracting(BatchProgressReport::pagesPending).containsExactly(2, 1);
		assertThat(this.publications.reports).extracting(BatchProgressReport::status)
			.containsOnly(BatchStatus.RUNNING);
	}

	@Test
	void batchWithoutManifestNotReported() {
		this.tracker.apply(page("b1", 0));

		this.tracker.reportProgress();

		assertThat(this.publications.reports).isEmpty();
	}

	@Test
	void finalReportPublishedWithResult() {
		this.tracker.apply(manifest("b1", 2, 0));
		this.tracker.apply(page("b1", 0));
		this.tracker.apply(page("b1", 1));

		this.tracker.reportProgress();

		assertThat(this.publications.reports).hasSize(1);
		BatchProgressReport report = this.publications.reports.getFirst();
		assertThat(report.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(report.pagesCounted()).isEqualTo(2);
		assertThat(report.pagesPending()).isZero();
		assertThat(report.reportedAt()).isEqualTo(this.publications.results.getFirst().finishedAt());
	}

	@Test
	void failedBatchFinalReportCarriesReason() {
		this.tracker.apply(manifest("b1", 3, 0));
		this.tracker.apply(failure("b1", 1));

		BatchProgressReport report = this.publications.reports.getFirst();
		assertThat(report.status()).isEqualTo(BatchStatus.FAILED);
		assertThat(report.reason()).startsWith("job 1 failed (HTTP_STATUS)");
		assertThat(report.pagesFailed()).isEqualTo(1);
		assertThat(report.pagesPending()).isEqualTo(2);
	}

	@Test
	void failedProgressReportRetriedNextTime() {
		this.tracker.apply(manifest("b1", 3, 0));
		this.tracker.apply(page("b1", 0));
		this.publications.failNextReports(1);

		this.tracker.reportProgress();
		assertThat(this.publications.reports).isEmpty();
		this.tracker.reportProgress();

		assertThat(this.publications.reports).extracting(BatchProgressReport::pagesCounted).containsExactly(1);
	}

	@Test
	void runningReportNeverFollowsFinalReport() throws InterruptedException {
		this.tracker.apply(manifest("b1", 2, 0));
		this.tracker.apply(page("b1", 0));
		CountDownLatch release = this.publications.blockFirstReport();

		Thread reporter = Thread.ofVirtual().start(this.tracker::reportProgress);
		assertThat(this.publications.firstReportEntered.await(10, TimeUnit.SECONDS)).isTrue();
		Thread listener = Thread.ofVirtual().start(() -> this.tracker.apply(page("b1", 1)));
		boolean finalPublishedWhileReportInFlight = listener.join(Duration.ofMillis(500));
		release.countDown();
		assertThat(reporter.join(Duration.ofSeconds(10))).isTrue();
		assertThat(listener.join(Duration.ofSeconds(10))).isTrue();

		assertThat(finalPublishedWhileReportInFlight).isFalse();
		assertThat(this.publications.reports).extracting(BatchProgressReport::status)
			.containsExactly(BatchStatus.RUNNING, BatchStatus.COMPLETED);
	}

	@Test
	void pagesPerSecondCountsRecentOutcomes() {
		this.tracker.apply(manifest("b1", 10, 0));
		applyAll("b1", 0, 4);
		this.clock.advance(Duration.ofSeconds(1));
		applyAll("b1", 4, 6);

		assertThat(progress("b1").pagesPerSecond()).isEqualTo(3.0);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(progress("b1").pagesPerSecond()).isZero();
	}

	@Test
	void finalBatchKeepsRateAtDecision() {
		this.tracker.apply(manifest("b1", 2, 0));
		this.tracker.apply(page("b1", 0));
		this.tracker.apply(page("b1", 1));

		this.clock.advance(Duration.ofMinutes(5));

		assertThat(progress("b1").pagesPerSecond()).isEqualTo(2.0);
	}

	@Test
	void failuresListedInReadOrder() {
		this.tracker.apply(manifest("b1", 4, 3));
		this.tracker.apply(failure("b1", 2));
		this.tracker.apply(page("b1", 0));
		this.tracker.apply(failure("b1", 1));

		assertThat(this.tracker.failures("b1").orElseThrow()).extracting(JobFailed::jobId).containsExactly(2, 1);
		assertThat(this.tracker.failures("missing")).isEmpty();
	}

	@Test
	void wordsOrderedByCountThenWord() {
		this.tracker.apply(manifest("b1", 1, 0));
		this.tracker.apply(page("b1", 0, Map.of("pear", 2, "apple", 2, "zebra", 5, "kiwi", 1, "fig", 2)));

		assertThat(this.tracker.words("b1", 0)).contains(List.of(new WordCount("zebra", 5),
				new WordCount("apple", 2), new WordCount("fig", 2), new WordCount("pear", 2),
				new WordCount("kiwi", 1)));
	}

	@Test
	void wordsLimitKeepsHighest() {
		this.tracker.apply(manifest("b1", 1, 0));
		this.tracker.apply(page("b1", 0, Map.of("pear", 2, "apple", 2, "zebra", 5, "kiwi", 1)));

		assertThat(this.tracker.words("b1", 2)).contains(List.of(new WordCount("zebra", 5),
				new WordCount("apple", 2)));
	}

	@Test
	void wordsLimitAboveSizeReturnsAll() {
		this.tracker.apply(manifest("b1", 1, 0));
		this.tracker.apply(page("b1", 0, Map.of("pear", 2, "apple", 3)));

		assertThat(this.tracker.words("b1", 10)).contains(List.of(new WordCount("apple", 3),
				new WordCount("pear", 2)));
	}

	@Test
	void unknownBatchHasNothing() {
		assertThat(this.tracker.progress("missing")).isEmpty();
		assertThat(this.tracker.words("missing", 0)).isEmpty();
	}

	@Test
	void allProgressNewestFirst() {
		this.tracker.apply(manifest("old", 1, START));
		this.tracker.apply(manifest("newest", 1, START.plusSeconds(120)));
		this.tracker.apply(page("unsubmitted", 0));
		this.tracker.apply(manifest("middle", 1, START.plusSeconds(60)));

		assertThat(this.tracker.allProgress()).extracting(BatchProgress::batchId)
			.containsExactly("unsubmitted", "newest", "middle", "old");
	}

	/** A clock that tests move forward by hand. */
	private static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException("the test clock is always UTC");
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	/** Stores what the tracker publishes, and fails or blocks publications on request. */
	private static final class RecordingPublications implements BatchPublications {

		final List<BatchFinished> decisions = new CopyOnWriteArrayList<>();

		final List<CancelBatch> cancels = new CopyOnWriteArrayList<>();

		final List<BatchResult> results = new CopyOnWriteArrayList<>();

		/** Progress reports, running and final, in the order they were published. */
		final List<BatchProgressReport> reports = new CopyOnWriteArrayList<>();

		final CountDownLatch firstResultEntered = new CountDownLatch(1);

		final CountDownLatch firstReportEntered = new CountDownLatch(1);

		private volatile int reportsToFail;

		private volatile @Nullable CountDownLatch firstReportRelease;

		private volatile int resultsToFail;

		private volatile boolean rejectFirstBatch;

		private volatile @Nullable String rejectedBatch;

		private volatile @Nullable CountDownLatch firstResultRelease;

		void failNextResults(int count) {
			this.resultsToFail = count;
		}

		void rejectFirstBatchPublished() {
			this.rejectFirstBatch = true;
		}

		void failNextReports(int count) {
			this.reportsToFail = count;
		}

		CountDownLatch blockFirstReport() {
			CountDownLatch release = new CountDownLatch(1);
			this.firstReportRelease = release;
			return release;
		}

		CountDownLatch blockFirstResult() {
			CountDownLatch release = new CountDownLatch(1);
			this.firstResultRelease = release;
			return release;
		}

		@Override
		public void publishProgress(BatchProgressReport report) {
			if (this.reportsToFail > 0) {
				this.reportsToFail--;
				throw new IllegalStateException("publishing the progress of " + report.batchId() + " failed");
			}
			CountDownLatch release = this.firstReportRelease;
			if (release != null && this.firstReportEntered.getCount() > 0) {
				this.firstReportEntered.countDown();
				awaitRelease(release);
			}
			this.reports.add(report);
		}

		@Override
		public void publishFinal(BatchFinished decision, @Nullable CancelBatch cancel, BatchResult result,
				BatchProgressReport finalReport) {
			failIfRejected(result.batchId());
			if (this.resultsToFail > 0) {
				this.resultsToFail--;
				throw new IllegalStateException("publishing the result of " + result.batchId() + " failed");
			}
			CountDownLatch release = this.firstResultRelease;
			if (release != null && this.firstResultEntered.getCount() > 0) {
				this.firstResultEntered.countDown();
				awaitRelease(release);
			}
			this.decisions.add(decision);
			if (cancel != null) {
				this.cancels.add(cancel);
			}
			this.results.add(result);
			this.reports.add(finalReport);
		}

		private void failIfRejected(String batchId) {
			if (this.rejectFirstBatch && this.rejectedBatch == null) {
				this.rejectedBatch = batchId;
			}
			if (batchId.equals(this.rejectedBatch)) {
				throw new IllegalStateException("publishing for " + batchId + " always fails");
			}
		}

		private static void awaitRelease(CountDownLatch release) {
			try {
				if (!release.await(10, TimeUnit.SECONDS)) {
					throw new IllegalStateException("the test did not release the blocked publication");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while blocked", ex);
			}
		}

	}

}
