package dev.wordfleet.producer.batch;

/**
 * The submissions topic could not be read to its end, so whether a batch id was used before is unknown. The request
 * may succeed when repeated.
 */
public class SubmissionLedgerException extends RuntimeException {

	public SubmissionLedgerException(String message) {
		super(message);
	}

}
