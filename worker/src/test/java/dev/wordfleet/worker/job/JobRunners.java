package dev.wordfleet.worker.job;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;

import dev.wordfleet.worker.cache.PageCache;
import dev.wordfleet.worker.fetch.PageFetcher;
import dev.wordfleet.worker.fetch.RetryPolicy;
import dev.wordfleet.worker.fetch.RetrySettings;
import dev.wordfleet.worker.politeness.HostLimiter;
import dev.wordfleet.worker.politeness.PolitenessSettings;
import dev.wordfleet.worker.robots.RobotsCache;
import dev.wordfleet.worker.text.CountingThreads;
import dev.wordfleet.worker.text.PageCounter;

/** Job runners for tests. */
final class JobRunners {

	/** No limit per host that a test's single local server could reach. */
	static final PolitenessSettings UNLIMITED_HOSTS = new PolitenessSettings(10_000, Duration.ZERO, Duration.ZERO, 0,
			Duration.ofMinutes(1));

	/** Retries after at most 10 ms, so that tests of retries stay quick. */
	static final RetrySettings QUICK_RETRIES = new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(10),
			Duration.ofSeconds(60));

	/** Counting threads that every runner of the test JVM shares; daemon threads, so they need no closing. */
	private static final CountingThreads COUNTING = new CountingThreads(new PageCounter(), 2);

	private JobRunners() {
	}

	/** Returns a runner that ignores robots.txt, has no cache and no limit per host, and retries quickly. */
	static JobRunner plain(PageFetcher fetcher) {
		return runner(fetcher, null, new HostLimiter(UNLIMITED_HOSTS), null);
	}

	static JobRunner runner(PageFetcher fetcher, @Nullable RobotsCache robots, HostLimiter hosts,
			@Nullable PageCache cache) {
		return runner(fetcher, robots, hosts, cache, new SimpleMeterRegistry());
	}

	/** Returns a runner that records its metrics in the given registry. */
	static JobRunner runner(PageFetcher fetcher, @Nullable RobotsCache robots, HostLimiter hosts,
			@Nullable PageCache cache, MeterRegistry meters) {
		return runner(fetcher, new BodyMemory(BodyMemory.MAX_CAPACITY), robots, hosts, cache, meters);
	}

	/** Returns a runner like {@link #plain(PageFetcher)} that reads long bodies whole within the given memory. */
	static JobRunner withBodyMemory(PageFetcher fetcher, BodyMemory bodyMemory) {
		return runner(fetcher, bodyMemory, null, new HostLimiter(UNLIMITED_HOSTS), null, new SimpleMeterRegistry());
	}

	private static JobRunner runner(PageFetcher fetcher, BodyMemory bodyMemory, @Nullable RobotsCache robots,
			HostLimiter hosts, @Nullable PageCache cache, MeterRegistry meters) {
		return new JobRunner(fetcher, COUNTING, bodyMemory, new FetchMetrics(meters),
				new RetryPolicy(QUICK_RETRIES, Clock.systemUTC()), robots, hosts, cache);
	}

}
