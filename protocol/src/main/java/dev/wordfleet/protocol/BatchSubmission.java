package dev.wordfleet.protocol;

import java.util.Objects;

/**
 * The producer role's record of a published batch, written to the submissions topic in the same transaction as the
 * batch. Producers read the topic back to recognize a submission repeated with the same batch id, after a restart
 * or on another producer instance.
 *
 * @param version schema version
 * @param batchId id of the batch, the record's key
 * @param fingerprint hash of what was submitted (the URLs in order, {@code maxFailures} and the requested deadline),
 * which distinguishes a repeated submission from a different one with the same id
 * @param manifest the batch's manifest as published
 */
public record BatchSubmission(int version, String batchId, String fingerprint, BatchSubmitted manifest) {

	public BatchSubmission {
		Messages.checkVersion(version);
		Messages.requireText(batchId, "batchId");
		Messages.requireText(fingerprint, "fingerprint");
		Objects.requireNonNull(manifest, "manifest is missing");
		if (!manifest.batchId().equals(batchId)) {
			throw new IllegalArgumentException(
					"the manifest is of batch " + manifest.batchId() + ", not of batch " + batchId);
		}
	}

	public static BatchSubmission of(String fingerprint, BatchSubmitted manifest) {
		return new BatchSubmission(Messages.SCHEMA_VERSION, manifest.batchId(), fingerprint, manifest);
	}

}
