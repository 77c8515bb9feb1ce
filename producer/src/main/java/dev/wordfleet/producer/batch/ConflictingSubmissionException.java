package dev.wordfleet.producer.batch;

/**
 * A batch id, chosen directly or through an idempotency key, that was submitted before with other URLs or options.
 */
public class ConflictingSubmissionException extends RuntimeException {

	private final String batchId;

	public ConflictingSubmissionException(String batchId) {
		super("batch " + batchId + " was submitted before with other URLs or options, and a batch id names one "
				+ "submission: repeat the first request exactly to get its manifest, or use a new idempotency key or "
				+ "batch id for a new batch (nothing was published)");
		this.batchId = batchId;
	}

	public String batchId() {
		return this.batchId;
	}

}
