package dev.wordfleet.standalone.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import dev.wordfleet.aggregator.batch.BatchProgress;

/**
 * Polls a batch's progress until it is final, updating a progress display, and gives up when no job has finished
 * for the stall timeout.
 *
 * @param pollInterval time between two reads of the progress
 * @param stallTimeout longest time without a finished job before giving up
 */
record BatchWaiter(Duration pollInterval, Duration stallTimeout) {

	/**
	 * Waits for the batch to reach a final status.
	 * @param progressSource reads the batch's progress; empty while the batch is not known yet
	 * @return the final progress, or empty when no job finished within the stall timeout
	 * @throws IllegalStateException when the thread is interrupted
	 */
	Optional<BatchProgress> await(String batchId, ProgressDisplay display,
			Supplier<Optional<BatchProgress>> progressSource) {
		int accounted = -1;
		long lastChange = System.nanoTime();
		while (true) {
			BatchProgress progress = progressSource.get().orElse(null);
			if (progress != null) {
				display.update(progress);
				if (progress.status().isFinal()) {
					return Optional.of(progress);
				}
				if (progress.done() + progress.failed() != accounted) {
					accounted = progress.done() + progress.failed();
					lastChange = System.nanoTime();
				}
			}
			if (System.nanoTime() - lastChange > this.stallTimeout.toNanos()) {
				return Optional.empty();
			}
			try {
				Thread.sleep(this.pollInterval);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for batch " + batchId, ex);
			}
		}
	}

}
