package dev.wordfleet.worker.politeness;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits that {@link HostLimiter} applies to requests.
 *
 * @param maxInFlightPerHost maximum number of requests in flight to one host, 1 or more
 * @param minDelay minimum time between the starts of two requests to one host, 0 or more, where 0 means none
 * @param maxCrawlDelay longest {@code crawl-delay} from robots.txt that is honoured, 0 or more. A longer one is cut to
 * this value, and 0 ignores {@code crawl-delay}.
 * @param maxRequestsPerSecond maximum rate of request starts over all hosts, where 0 means no global limit. The
 * starts are spread evenly, without bursts.
 * @param maxWait longest time that {@link HostLimiter#acquire} waits for a host slot and the host's delay, more than
 * 0. The wait for the global rate has the same bound on its own.
 */
public record PolitenessSettings(int maxInFlightPerHost, Duration minDelay, Duration maxCrawlDelay,
		double maxRequestsPerSecond, Duration maxWait) {

	/** Default maximum number of requests in flight per host: 2. */
	public static final int DEFAULT_MAX_IN_FLIGHT_PER_HOST = 2;

	/** Default minimum delay between requests to one host: none. */
	public static final Duration DEFAULT_MIN_DELAY = Duration.ZERO;

	/** Default longest honoured {@code crawl-delay}: 30 seconds. */
	public static final Duration DEFAULT_MAX_CRAWL_DELAY = Duration.ofSeconds(30);

	/** Default global rate: no limit. */
	public static final double DEFAULT_MAX_REQUESTS_PER_SECOND = 0;

	/** Default longest wait for a request slot: 5 minutes. */
	public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(5);

	/** Largest accepted rate, at which the limiter spaces starts by 1 ns. */
	public static final double MAX_REQUESTS_PER_SECOND_LIMIT = 1e9;

	public PolitenessSettings {
		Objects.requireNonNull(minDelay, "minDelay is missing");
		Objects.requireNonNull(maxCrawlDelay, "maxCrawlDelay is missing");
		Objects.requireNonNull(maxWait, "maxWait is missing");
		if (maxInFlightPerHost < 1) {
			throw new IllegalArgumentException("maxInFlightPerHost must be 1 or more, but was " + maxInFlightPerHost);
		}
		if (minDelay.isNegative()) {
			throw new IllegalArgumentException("minDelay must be 0 or more, but was " + minDelay);
		}
		if (maxCrawlDelay.isNegative()) {
			throw new IllegalArgumentException("maxCrawlDelay must be 0 or more, but was " + maxCrawlDelay);
		}
		if (!(maxRequestsPerSecond >= 0 && maxRequestsPerSecond <= MAX_REQUESTS_PER_SECOND_LIMIT)) {
			throw new IllegalArgumentException("maxRequestsPerSecond must be between 0 and "
					+ MAX_REQUESTS_PER_SECOND_LIMIT + ", but was " + maxRequestsPerSecond);
		}
		if (maxWait.isNegative() || maxWait.isZero()) {
			throw new IllegalArgumentException("maxWait must be more than 0, but was " + maxWait);
		}
	}

	/**
	 * Returns the default settings: 2 requests in flight per host, no minimum delay, {@code crawl-delay} honoured up
	 * to 30 s, no global rate limit, waits of at most 5 minutes.
	 * @return the default settings
	 */
	public static PolitenessSettings defaults() {
		return new PolitenessSettings(DEFAULT_MAX_IN_FLIGHT_PER_HOST, DEFAULT_MIN_DELAY, DEFAULT_MAX_CRAWL_DELAY,
				DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_MAX_WAIT);
	}

}
