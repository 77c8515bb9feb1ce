package dev.wordfleet.aggregator.batch;

import dev.wordfleet.protocol.BatchResult;
import dev.wordfleet.protocol.CancelBatch;

/**
 * Where the aggregator sends its decisions. Both methods return once the message is durably written, and throw when
 * it could not be.
 */
public interface BatchPublications {

	void publishCancel(CancelBatch cancel);

	void publishResult(BatchResult result);

}
