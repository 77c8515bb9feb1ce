package dev.wordfleet.aggregator.batch;

import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The aggregator's batch metrics, exported by Spring Boot Actuator (for instance at {@code /actuator/prometheus}):
 * the duration of each batch that this aggregator decided, by final status, and gauges of the running batches, which
 * read the {@link BatchTracker} at each scrape.
 */
public final class BatchMetrics {

	/** Batch durations that the histogram resolves; longer ones fall into its last bucket. */
	private static final Duration MIN_EXPECTED_DURATION = Duration.ofMillis(100);

	private static final Duration MAX_EXPECTED_DURATION = Duration.ofHours(6);

	private final MeterRegistry registry;

	public BatchMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Records the time from a batch's submission to its decision, tagged with its final status. A batch whose
	 * manifest was never read has no submission time and is not recorded. The submission time comes from the
	 * producer's clock, so a difference between clocks shifts the duration, and a negative one is recorded as 0.
	 */
	void decided(BatchProgress progress) {
		if (progress.submittedAt() == null || progress.finishedAt() == null) {
			return;
		}
		Duration duration = Duration.between(progress.submittedAt(), progress.finishedAt());
		Timer.builder("wordfleet.batch.duration")
			.description("Time from a batch's submission to its final status, by that status")
			.tag("status", progress.status().name())
			.publishPercentileHistogram()
			.minimumExpectedValue(MIN_EXPECTED_DURATION)
			.maximumExpectedValue(MAX_EXPECTED_DURATION)
			.register(this.registry)
			.record(duration.isNegative() ? Duration.ZERO : duration);
	}

	/** Registers the gauges of the tracker's running batches and their pending jobs. */
	void watch(BatchTracker tracker) {
		Gauge.builder("wordfleet.batches.running", tracker, BatchTracker::runningBatches)
			.description("Batches that have not reached a final status, of the partitions this aggregator reads")
			.register(this.registry);
		Gauge.builder("wordfleet.batches.pending.jobs", tracker, BatchTracker::pendingJobs)
			.description("Jobs of running batches that have no outcome yet")
			.register(this.registry);
	}

}
