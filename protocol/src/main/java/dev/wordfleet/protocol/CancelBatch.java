package dev.wordfleet.protocol;

/**
 * An order to every worker to stop a batch: skip its queued jobs and abort its fetches in flight.
 *
 * @param version schema version
 * @param batchId batch to stop
 * @param reason why the batch stopped, for logs
 */
public record CancelBatch(int version, String batchId, String reason) {

	public CancelBatch {
		Messages.checkVersion(version);
		Messages.requireText(batchId, "batchId");
		Messages.requireText(reason, "reason");
	}

	public static CancelBatch of(String batchId, String reason) {
		return new CancelBatch(Messages.SCHEMA_VERSION, batchId, reason);
	}

}
