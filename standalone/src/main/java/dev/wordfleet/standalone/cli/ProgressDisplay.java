package dev.wordfleet.standalone.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import dev.wordfleet.aggregator.batch.BatchProgress;

/**
 * A live progress bar of a batch on standard error: URLs accounted for, failures, rate and time left.
 */
abstract class ProgressDisplay implements AutoCloseable {

	/** When to show the bar. */
	enum When {

		/** When standard error is a terminal. */
		AUTO,

		ALWAYS,

		NEVER

	}

	/**
	 * Set by the {@code wordfleet} launcher script to {@code true} when standard error is a terminal, which Java 21
	 * cannot tell by itself.
	 */
	static final String STDERR_IS_TERMINAL_VARIABLE = "WORDFLEET_STDERR_IS_TERMINAL";

	abstract void update(BatchProgress progress);

	/** Returns whether this display draws a bar. */
	abstract boolean isShown();

	/** Ends the bar and its line. A second call does nothing. */
	@Override
	public abstract void close();

	/**
	 * Opens the display of a batch.
	 * @param submittedNanos the {@link System#nanoTime()} at which the batch's publication began, from which the rate
	 * is computed, as in the summary line
	 */
	static ProgressDisplay open(When when, int urlCount, long submittedNanos, PrintWriter err) {
		return shows(when) ? new Bar(urlCount, submittedNanos) : new Hidden();
	}

	/** Returns whether the bar is shown for this setting. */
	static boolean shows(When when) {
		return switch (when) {
			case ALWAYS -> true;
			case NEVER -> false;
			case AUTO -> "true".equals(System.getenv(STDERR_IS_TERMINAL_VARIABLE));
		};
	}

	private static final class Bar extends ProgressDisplay {

		private final ProgressBar bar;

		private final long submittedNanos;

		private boolean closed;

		Bar(int urlCount, long submittedNanos) {
			this.submittedNanos = submittedNanos;
			// The bar's clock starts when the batch's publication began, as the summary's does. Its own speed counts
			// whole seconds since the bar opened, so the rate goes in the extra message instead.
			this.bar = new ProgressBarBuilder().setTaskName("Counting")
				.setInitialMax(urlCount)
				.startsFrom(0, Duration.ofNanos(System.nanoTime() - submittedNanos))
				.setUnit(" pages", 1)
				.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
				.setUpdateIntervalMillis((int) Duration.ofMillis(200).toMillis())
				.setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
				.build();
		}

		@Override
		void update(BatchProgress progress) {
			this.bar.stepTo(progress.done() + progress.failed());
			Duration sinceSubmitted = Duration.ofNanos(System.nanoTime() - this.submittedNanos);
			this.bar.setExtraMessage(extraMessage(progress, sinceSubmitted));
		}

		@Override
		boolean isShown() {
			return true;
		}

		/** Ends the bar; a second call, as from a shutdown hook, returns once the first has drawn the last line. */
		@Override
		public synchronized void close() {
			if (!this.closed) {
				this.closed = true;
				this.bar.close();
			}
		}

	}

	/**
	 * Returns the text after the bar's counts: the pages counted per second since the batch was submitted, computed as
	 * the summary line computes it, and the failures.
	 */
	static String extraMessage(BatchProgress progress, Duration sinceSubmitted) {
		double seconds = sinceSubmitted.toMillis() / 1000.0;
		List<String> parts = new ArrayList<>(2);
		if (seconds > 0) {
			parts.add(String.format(Locale.ROOT, "%.0f pages/s", progress.done() / seconds));
		}
		if (progress.failed() > 0) {
			parts.add(progress.failed() + " failed");
		}
		return String.join(", ", parts);
	}

	private static final class Hidden extends ProgressDisplay {

		@Override
		void update(BatchProgress progress) {
		}

		@Override
		boolean isShown() {
			return false;
		}

		@Override
		public void close() {
		}

	}

}
