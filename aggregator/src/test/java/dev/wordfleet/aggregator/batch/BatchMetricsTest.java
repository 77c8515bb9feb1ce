package dev.wordfleet.aggregator.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Timer;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The aggregator's batch metrics as the tracker records them: durations by final status and the gauges of running
 * batches.
 */
class BatchMetricsTest {

	private static final Instant SUBMITTED_AT = Instant.parse("2026-03-01T12:00:00Z");

	/** The tracker's clock: every decision is made 90 seconds after submission. */
	private static final Instant DECIDED_AT = SUBMITTED_AT.plusSeconds(90);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicInteger failingPublications = new AtomicInteger();

	private final BatchPublications publications = new BatchPublications() {

		@Override
		public void publishFinal(BatchFinished decision, @Nullable CancelBatch cancel, BatchResult result,
				BatchProgressReport finalReport) {
			if (BatchMetricsTest.this.failingPublications.getAndUpdate((count) -> Math.max(0, count - 1)) > 0) {
				throw new IllegalStateException("publication failed as the test asked");
			}
		}

		@Override
		public void publishProgress(BatchProgressReport report) {
			// The metrics do not depend on progress reports.
		}

	};

	private final BatchTracker tracker = new BatchTracker(this.publications, Clock.fixed(DECIDED_AT, ZoneOffset.UTC),
			10, Duration.ofHours(1), new BatchMetrics(this.registry));

	@Test
	void completedBatchRecordsItsDuration() {
		this.tracker.apply(manifest("b", 2, SUBMITTED_AT));
		this.tracker.apply(page("b", 0));
		this.tracker.apply(page("b", 1));

		Timer completed = durations(BatchStatus.COMPLETED);
		assertThat(completed).isNotNull();
		assertThat(completed.count()).isEqualTo(1);
		assertThat(completed.totalTime(TimeUnit.SECONDS)).isEqualTo(90.0);
	}

	@Test
	void failedBatchRecordedUnderItsStatus() {
		this.tracker.apply(manifest("b", 2, SUBMITTED_AT));
		this.tracker.apply(JobFailed.of(job("b", 0), FailureKind.TIMEOUT, "timed out"));

		assertThat(durations(BatchStatus.FAILED)).isNotNull();
		assertThat(durations(BatchStatus.FAILED).count()).isEqualTo(1);
		assertThat(durations(BatchStatus.COMPLETED)).isNull();
	}

	@Test
	void cancelledBatchRecordedUnderItsStatus() {
		this.tracker.apply(manifest("b", 2, SUBMITTED_AT));

		this.tracker.cancel("b", "cancelled on request");

		assertThat(durations(BatchStatus.CANCELLED)).isNotNull();
		assertThat(durations(BatchStatus.CANCELLED).count()).isEqualTo(1);
	}

	@Test
	void durationRecordedOnceItsDecisionIsPublished() {
		this.tracker.apply(manifest("b", 1, SUBMITTED_AT));
		this.failingPublications.set(1);

		assertThatIllegalStateException().isThrownBy(() -> this.tracker.apply(page("b", 0)));
		assertThat(durations(BatchStatus.COMPLETED)).isNull();

		this.tracker.checkDeadlines();
		assertThat(durations(BatchStatus.COMPLETED).count()).isEqualTo(1);
	}

	@Test
	void replayedDecisionRecordsNoDuration() {
		int partition = 2;
		this.tracker.apply(manifest("b", 1, SUBMITTED_AT), partition);
		this.tracker.apply(page("b", 0), partition);
		this.tracker.apply(BatchFinished.of("b", BatchStatus.COMPLETED, null, SUBMITTED_AT.plusSeconds(5)), partition);

		this.tracker.caughtUp(partition);

		assertThat(durations(BatchStatus.COMPLETED)).isNull();
	}

	@Test
	void producerClockAheadRecordsZero() {
		this.tracker.apply(manifest("b", 1, DECIDED_AT.plusSeconds(30)));
		this.tracker.apply(page("b", 0));

		assertThat(durations(BatchStatus.COMPLETED).count()).isEqualTo(1);
		assertThat(durations(BatchStatus.COMPLETED).totalTime(TimeUnit.SECONDS)).isZero();
	}

	@Test
	void gaugesCountRunningBatchesAndPendingJobs() {
		this.tracker.apply(manifest("three-jobs", 3, SUBMITTED_AT));
		this.tracker.apply(page("three-jobs", 0));
		this.tracker.apply(manifest("five-jobs", 5, SUBMITTED_AT));
		this.tracker.apply(manifest("done", 1, SUBMITTED_AT));
		this.tracker.apply(page("done", 0));
		// Outcomes read before the manifest: the batch runs, but its size is unknown.
		this.tracker.apply(page("no-manifest", 0));

		assertThat(gauge("wordfleet.batches.running")).isEqualTo(3.0);
		assertThat(gauge("wordfleet.batches.pending.jobs")).isEqualTo(2.0 + 5.0);
	}

	private @Nullable Timer durations(BatchStatus status) {
		return this.registry.find("wordfleet.batch.duration").tag("status", status.name()).timer();
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	private static BatchSubmitted manifest(String batchId, int urlCount, Instant submittedAt) {
		return BatchSubmitted.of(batchId, urlCount, 0, null, submittedAt);
	}

	private static UrlJob job(String batchId, int jobId) {
		return UrlJob.of(batchId, jobId, "https://example.com/" + jobId);
	}

	private static PageCounted page(String batchId, int jobId) {
		return PageCounted.of(job(batchId, jobId), Map.of("word", 1), 100, 1);
	}

}
