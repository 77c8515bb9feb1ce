package dev.wordfleet.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * The word counts of one fetched page.
 *
 * @param version schema version
 * @param batchId batch the job belongs to
 * @param jobId position of the job in its batch
 * @param url URL that was fetched
 * @param counts number of occurrences of each word on the page
 * @param pageBytes size of the response body in bytes, after content decoding
 * @param pageWords number of words on the page, the sum of {@code counts}
 */
public record PageCounted(int version, String batchId, int jobId, String url, Map<String, Integer> counts,
		long pageBytes, long pageWords) implements JobOutcome {

	public PageCounted {
		Messages.checkVersion(version);
		Messages.requireText(batchId, "batchId");
		Messages.requireNonNegative(jobId, "jobId");
		Messages.requireText(url, "url");
		Objects.requireNonNull(counts, "counts is missing");
		Messages.requireNonNegative(pageBytes, "pageBytes");
		Messages.requireNonNegative(pageWords, "pageWords");
	}

	public static PageCounted of(UrlJob job, Map<String, Integer> counts, long pageBytes, long pageWords) {
		return new PageCounted(Messages.SCHEMA_VERSION, job.batchId(), job.jobId(), job.url(), counts, pageBytes,
				pageWords);
	}

}
