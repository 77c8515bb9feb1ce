package dev.wordfleet.protocol;

/**
 * The state of a batch.
 */
public enum BatchStatus {

	/** Jobs are still pending. */
	RUNNING,

	/** Every job is accounted for and no more failed than the batch tolerates. */
	COMPLETED,

	/** More jobs failed than the batch tolerates, or the batch passed its deadline. */
	FAILED,

	/** The batch was cancelled on request. */
	CANCELLED;

	/** Returns whether no further event changes the batch. */
	public boolean isFinal() {
		return this != RUNNING;
	}

}
