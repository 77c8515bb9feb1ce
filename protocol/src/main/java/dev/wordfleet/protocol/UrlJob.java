package dev.wordfleet.protocol;

import org.jspecify.annotations.Nullable;

/**
 * One URL to fetch and count, published to the jobs topic.
 *
 * @param version schema version
 * @param batchId batch the job belongs to
 * @param jobId position of the job in its batch, from 0
 * @param url URL to fetch, as first listed in the batch
 * @param copies number of times the batch lists this URL, counting forms that {@link NormalizedUrl} makes equal:
 * the page is fetched once and its words count this many times. 1 or more.
 */
public record UrlJob(int version, String batchId, int jobId, String url, int copies) {

	public UrlJob {
		Messages.checkVersion(version);
		Messages.requireText(batchId, "batchId");
		Messages.requireNonNegative(jobId, "jobId");
		Messages.requireText(url, "url");
		if (copies < 1) {
			throw new IllegalArgumentException("copies must be 1 or more, but was " + copies);
		}
	}

	public static UrlJob of(String batchId, int jobId, String url) {
		return of(batchId, jobId, url, 1);
	}

	public static UrlJob of(String batchId, int jobId, String url, int copies) {
		return new UrlJob(Messages.SCHEMA_VERSION, batchId, jobId, url, copies);
	}

	/** Returns the record key: distinct per job, so a batch's jobs spread over every partition. */
	public String key() {
		return this.batchId + "/" + this.jobId;
	}

	/**
	 * Reads a job record's key, so that a record whose value cannot be read can still be reported against its job.
	 * @return the batch id and job id, or {@code null} when the key is not of the form {@code batchId/jobId}
	 */
	public static @Nullable Key parseKey(@Nullable String key) {
		if (key == null) {
			return null;
		}
		int slash = key.lastIndexOf('/');
		if (slash <= 0) {
			return null;
		}
		try {
			int jobId = Integer.parseInt(key.substring(slash + 1));
			return (jobId >= 0) ? new Key(key.substring(0, slash), jobId) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * The identity of a job, as its record key carries it.
	 *
	 * @param batchId batch the job belongs to
	 * @param jobId position of the job in its batch
	 */
	public record Key(String batchId, int jobId) {
	}

}
