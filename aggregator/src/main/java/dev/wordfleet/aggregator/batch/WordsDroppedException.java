package dev.wordfleet.aggregator.batch;

import java.time.Duration;

import dev.wordfleet.protocol.Durations;

/**
 * Thrown for the word counts of a batch that finished longer ago than the aggregator keeps them in memory.
 */
public class WordsDroppedException extends RuntimeException {

	WordsDroppedException(String batchId, Duration retention) {
		super("the word counts of batch " + batchId + " were dropped from memory " + Durations.format(retention)
				+ " after it finished (wordfleet.aggregator.finished-batch-retention); its result, with its most "
				+ "frequent words, is on the batch-results topic");
	}

}
