package dev.wordfleet.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * Formatting of durations for messages and errors that users read, in place of the ISO-8601 form of
 * {@link Duration#toString()} ({@code PT1M}).
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Formats a duration in whole seconds when it is a whole number of seconds ({@code "60 s"}), and in milliseconds
	 * otherwise ({@code "250 ms"}, with any nanoseconds dropped). A duration too long to count in milliseconds is
	 * written in seconds.
	 * @param duration the duration
	 * @return the duration with its unit
	 */
	public static String format(Duration duration) {
		Objects.requireNonNull(duration, "duration is missing");
		long seconds = duration.getSeconds();
		if (seconds >= Long.MAX_VALUE / 1000 || seconds <= Long.MIN_VALUE / 1000) {
			// toMillis() would overflow.
			return seconds + " s";
		}
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " s" : millis + " ms";
	}

}
