package dev.wordfleet.worker.job;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.wordfleet.protocol.FailureKind;

/**
 * The worker's fetch metrics, exported by Spring Boot Actuator (for instance at {@code /actuator/prometheus}):
 * pages fetched, bytes read, failures by reason kind and the latency of each fetch.
 */
public final class FetchMetrics {

	private final MeterRegistry registry;

	private final Counter pagesFetched;

	private final DistributionSummary bytesRead;

	private final Timer fetchLatency;

	private final Counter cacheHits;

	private final Counter cacheRevalidations;

	public FetchMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.pagesFetched = Counter.builder("wordfleet.pages.fetched")
			.description("Pages fetched and counted")
			.register(registry);
		this.bytesRead = DistributionSummary.builder("wordfleet.bytes.read")
			.baseUnit("bytes")
			.description("Size of each fetched page's body after content decoding")
			.register(registry);
		this.fetchLatency = Timer.builder("wordfleet.fetch.latency")
			.description("Time from the start of a fetch to its last body byte, failed fetches included")
			.publishPercentileHistogram()
			.register(registry);
		this.cacheHits = Counter.builder("wordfleet.cache.hits")
			.description("Jobs answered from the page cache without a request")
			.register(registry);
		this.cacheRevalidations = Counter.builder("wordfleet.cache.revalidations")
			.description("Cached pages that their server confirmed unchanged (304)")
			.register(registry);
	}

	void fetched(long bytes, Duration latency) {
		this.pagesFetched.increment();
		this.bytesRead.record(bytes);
		this.fetchLatency.record(latency);
	}

	void retried(FailureKind reason) {
		Counter.builder("wordfleet.fetch.retries")
			.description("Fetches retried after a transient failure, by reason kind")
			.tag("reason", reason.name())
			.register(this.registry)
			.increment();
	}

	void cacheHit() {
		this.cacheHits.increment();
	}

	void cacheRevalidated() {
		this.cacheRevalidations.increment();
	}

	void failed(FailureKind reason, Duration latency) {
		Counter.builder("wordfleet.fetch.failures")
			.description("Failed jobs, by reason kind")
			.tag("reason", reason.name())
			.register(this.registry)
			.increment();
		this.fetchLatency.record(latency);
	}

}
