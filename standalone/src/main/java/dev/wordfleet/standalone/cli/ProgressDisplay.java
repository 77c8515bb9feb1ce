package dev.wordfleet.standalone.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

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

	static ProgressDisplay open(When when, int urlCount, PrintWriter err) {
		return shows(when) ? new Bar(urlCount) : new Hidden();
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

		private final AtomicBoolean closed = new AtomicBoolean();

		Bar(int urlCount) {
			this.bar = new ProgressBarBuilder().setTaskName("Counting")
				.setInitialMax(urlCount)
				.setUnit(" pages", 1)
				.showSpeed()
				.setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
				.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
				.setUpdateIntervalMillis((int) Duration.ofMillis(200).toMillis())
				.setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
				.build();
		}

		@Override
		void update(BatchProgress progress) {
			this.bar.stepTo(progress.done() + progress.failed());
			// The bar puts the message right after the speed, so it starts with a space.
			this.bar.setExtraMessage((progress.failed() > 0) ? " " + progress.failed() + " failed" : "");
		}

		@Override
		boolean isShown() {
			return true;
		}

		@Override
		public void close() {
			if (this.closed.compareAndSet(false, true)) {
				this.bar.close();
			}
		}

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
