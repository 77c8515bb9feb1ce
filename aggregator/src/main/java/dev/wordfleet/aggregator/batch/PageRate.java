package dev.wordfleet.aggregator.batch;

import java.time.Instant;

/**
 * Jobs that reached an outcome per second over a sliding window of {@value #WINDOW_SECONDS} seconds, counted in
 * one bucket per second of the clock. Not thread-safe: {@link BatchState} guards it.
 */
final class PageRate {

	/** Length of the window in seconds. */
	static final int WINDOW_SECONDS = 10;

	private final long[] counts = new long[WINDOW_SECONDS];

	/** Epoch second that each bucket of {@link #counts} counts. */
	private final long[] seconds = new long[WINDOW_SECONDS];

	/** Epoch second of the first outcome recorded, or -1 before it. */
	private long firstSecond = -1;

	/** Counts one outcome at the given time. */
	void record(Instant at) {
		long second = at.getEpochSecond();
		int bucket = Math.floorMod(second, WINDOW_SECONDS);
		if (this.seconds[bucket] != second) {
			this.seconds[bucket] = second;
			this.counts[bucket] = 0;
		}
		this.counts[bucket]++;
		if (this.firstSecond < 0) {
			this.firstSecond = second;
		}
	}

	/**
	 * Returns the outcomes per second in the window that ends at {@code at}, rounded to two decimals. While fewer
	 * seconds than the window have passed since the first outcome, it divides by the seconds that have passed.
	 */
	double perSecond(Instant at) {
		if (this.firstSecond < 0) {
			return 0;
		}
		long now = at.getEpochSecond();
		long total = 0;
		for (int i = 0; i < WINDOW_SECONDS; i++) {
			if (this.seconds[i] > now - WINDOW_SECONDS && this.seconds[i] <= now) {
				total += this.counts[i];
			}
		}
		long span = Math.clamp(now - this.firstSecond + 1, 1, WINDOW_SECONDS);
		return Math.round(total * 100.0 / span) / 100.0;
	}

}
