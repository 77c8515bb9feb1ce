package dev.wordfleet.protocol;

import java.util.Objects;

/**
 * A job that produced no counts.
 *
 * @param version schema version
 * @param batchId batch the job belongs to
 * @param jobId position of the job in its batch
 * @param url URL of the job
 * @param reason kind of failure
 * @param message human-readable detail, such as the HTTP status or the limit that was exceeded
 */
public record JobFailed(int version, String batchId, int jobId, String url, FailureKind reason, String message)
		implements JobOutcome {

	public JobFailed {
		Messages.checkVersion(version);
		Messages.requireText(batchId, "batchId");
		Messages.requireNonNegative(jobId, "jobId");
		Messages.requireText(url, "url");
		Objects.requireNonNull(reason, "reason is missing");
		Objects.requireNonNull(message, "message is missing");
	}

	/** URL of a failed job whose record could not be read, so its URL is unknown. */
	public static final String UNKNOWN_URL = "unknown:";

	public static JobFailed of(UrlJob job, FailureKind reason, String message) {
		return new JobFailed(Messages.SCHEMA_VERSION, job.batchId(), job.jobId(), job.url(), reason, message);
	}

	/** Creates the failure of a job whose record could not be read. */
	public static JobFailed malformed(UrlJob.Key job, String message) {
		return new JobFailed(Messages.SCHEMA_VERSION, job.batchId(), job.jobId(), UNKNOWN_URL,
				FailureKind.MALFORMED_MESSAGE, message);
	}

}
