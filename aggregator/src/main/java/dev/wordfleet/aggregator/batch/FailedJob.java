package dev.wordfleet.aggregator.batch;

import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.protocol.JobFailed;

/**
 * A failed job of a batch, as {@code GET /batches/{id}/failures} lists it.
 *
 * @param jobId the job's id in its batch
 * @param url the job's URL as submitted
 * @param reason the kind of failure
 * @param message human-readable detail, such as the HTTP status; may be empty
 */
public record FailedJob(int jobId, String url, FailureKind reason, String message) {

	static FailedJob of(JobFailed failure) {
		return new FailedJob(failure.jobId(), failure.url(), failure.reason(), failure.message());
	}

}
