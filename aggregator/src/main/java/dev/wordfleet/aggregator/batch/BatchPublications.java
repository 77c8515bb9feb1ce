package dev.wordfleet.aggregator.batch;

import org.jspecify.annotations.Nullable;

import dev.wordfleet.protocol.BatchFinished;
import dev.wordfleet.protocol.BatchProgressReport;
import dev.wordfleet.protocol.BatchResult;
import dev.wordfleet.protocol.CancelBatch;

/**
 * The destination of the aggregator's decisions and progress reports.
 */
public interface BatchPublications {

	/**
	 * Publishes a batch's decision, its cancel when it did not complete, its result and its final progress report,
	 * all or nothing. Returns once they are durably written, and throws when they could not be.
	 */
	void publishFinal(BatchFinished decision, @Nullable CancelBatch cancel, BatchResult result,
			BatchProgressReport finalReport);

	/**
	 * Publishes the progress report of a running batch. Returns once it is durably written, so that a later final
	 * report follows it on the topic, and throws when it could not be.
	 */
	void publishProgress(BatchProgressReport report);

}
