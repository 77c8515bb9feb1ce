package dev.wordfleet.aggregator.batch;

import org.jspecify.annotations.Nullable;

import dev.wordfleet.protocol.BatchFinished;
import dev.wordfleet.protocol.BatchResult;
import dev.wordfleet.protocol.CancelBatch;

/**
 * The destination of the aggregator's decisions.
 */
public interface BatchPublications {

	/**
	 * Publishes a batch's decision, its cancel when it did not complete, and its result, all or nothing. Returns once
	 * they are durably written, and throws when they could not be.
	 */
	void publishFinal(BatchFinished decision, @Nullable CancelBatch cancel, BatchResult result);

}
