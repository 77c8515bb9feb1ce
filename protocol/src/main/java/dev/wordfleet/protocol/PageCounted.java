package dev.wordfleet.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The word counts of one fetched page, or one part of them. The counts of a page with many distinct words are split
 * into parts so that each message stays well under the broker's size limit; the aggregator merges a page once all
 * its parts have arrived.
 *
 * @param version schema version
 * @param batchId batch the job belongs to
 * @param jobId position of the job in its batch
 * @param url URL that was fetched
 * @param counts number of occurrences of each word on the page
 * @param pageBytes size of the response body in bytes, after content decoding
 * @param pageWords number of words on the page, the sum of the counts of all parts
 * @param part index of this part, from 0
 * @param parts number of parts of the page's counts, 1 when they are not split
 * @param copies number of times the batch lists the page's URL ({@link UrlJob#copies()}); the aggregator multiplies
 * the counts and {@code pageWords} by it
 */
public record PageCounted(int version, String batchId, int jobId, String url, Map<String, Integer> counts,
		long pageBytes, long pageWords, int part, int parts, int copies) implements JobOutcome {

	/** Largest estimated JSON size of the counts in one part: 1 MiB, an eighth of the batch-events record limit. */
	public static final int MAX_PART_BYTES = 1024 * 1024;

	public PageCounted {
		Messages.checkVersion(version);
		Messages.requireText(batchId, "batchId");
		Messages.requireNonNegative(jobId, "jobId");
		Messages.requireText(url, "url");
		Objects.requireNonNull(counts, "counts is missing");
		Messages.requireNonNegative(pageBytes, "pageBytes");
		Messages.requireNonNegative(pageWords, "pageWords");
		if (parts < 1 || part < 0 || part >= parts) {
			throw new IllegalArgumentException(
					"part must be from 0 to parts - 1 and parts 1 or more, but part was " + part + " of " + parts);
		}
		if (copies < 1) {
			throw new IllegalArgumentException("copies must be 1 or more, but was " + copies);
		}
	}

	/** Creates the counts of a page as one part. */
	public static PageCounted of(UrlJob job, Map<String, Integer> counts, long pageBytes, long pageWords) {
		return new PageCounted(Messages.SCHEMA_VERSION, job.batchId(), job.jobId(), job.url(), counts, pageBytes,
				pageWords, 0, 1, job.copies());
	}

	/**
	 * Splits these counts into parts whose estimated JSON size is at most {@code maxPartBytes}, or returns a list of
	 * this message alone when they fit. A single word larger than the limit gets a part of its own.
	 */
	public List<PageCounted> split(int maxPartBytes) {
		long totalBytes = 0;
		for (String word : this.counts.keySet()) {
			totalBytes += estimatedEntryBytes(word);
		}
		if (totalBytes <= maxPartBytes) {
			return List.of(this);
		}
		List<Map<String, Integer>> chunks = new ArrayList<>();
		Map<String, Integer> chunk = new LinkedHashMap<>();
		long chunkBytes = 0;
		for (Map.Entry<String, Integer> entry : this.counts.entrySet()) {
			long entryBytes = estimatedEntryBytes(entry.getKey());
			if (!chunk.isEmpty() && chunkBytes + entryBytes > maxPartBytes) {
				chunks.add(chunk);
				chunk = new LinkedHashMap<>();
				chunkBytes = 0;
			}
			chunk.put(entry.getKey(), entry.getValue());
			chunkBytes += entryBytes;
		}
		chunks.add(chunk);
		List<PageCounted> split = new ArrayList<>(chunks.size());
		for (int i = 0; i < chunks.size(); i++) {
			split.add(new PageCounted(this.version, this.batchId, this.jobId, this.url, chunks.get(i),
					this.pageBytes, this.pageWords, i, chunks.size(), this.copies));
		}
		return split;
	}

	/**
	 * Returns an upper estimate of a word's JSON entry: the quoted word, a colon, the count and a comma, with up to 3
	 * bytes of UTF-8 per char.
	 */
	private static long estimatedEntryBytes(String word) {
		return 3L * word.length() + 16;
	}

}
