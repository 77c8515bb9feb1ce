package dev.wordfleet.protocol;

/**
 * One URL to fetch and count, published to the jobs topic.
 *
 * @param version schema version
 * @param batchId batch the job belongs to
 * @param jobId position of the job in its batch, from 0
 * @param url URL to fetch, as submitted
 */
public record UrlJob(int version, String batchId, int jobId, String url) {

	public UrlJob {
		Messages.checkVersion(version);
		Messages.requireText(batchId, "batchId");
		Messages.requireNonNegative(jobId, "jobId");
		Messages.requireText(url, "url");
	}

	public static UrlJob of(String batchId, int jobId, String url) {
		return new UrlJob(Messages.SCHEMA_VERSION, batchId, jobId, url);
	}

	/** Returns the record key: distinct per job, so a batch's jobs spread over every partition. */
	public String key() {
		return this.batchId + "/" + this.jobId;
	}

}
