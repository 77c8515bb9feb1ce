package dev.wordfleet.producer.batch;

/**
 * A client-chosen batch id or idempotency key that cannot be used; the message names the value and the rule.
 */
public class InvalidBatchIdException extends IllegalArgumentException {

	public InvalidBatchIdException(String message) {
		super(message);
	}

}
