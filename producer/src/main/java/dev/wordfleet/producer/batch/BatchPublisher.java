package dev.wordfleet.producer.batch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

import dev.wordfleet.protocol.BatchSubmission;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.NormalizedUrl;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.protocol.UrlJob;

/**
 * Publishes a batch: its manifest to the batch-events topic, one job per URL to the jobs topic and a
 * {@link BatchSubmission} to the submissions topic, all in one Kafka transaction, so that a batch is either wholly
 * visible to read-committed consumers or not at all.
 */
public class BatchPublisher {

	private static final Logger logger = LoggerFactory.getLogger(BatchPublisher.class);

	private final KafkaOperations<String, Object> kafka;

	private final TopicProperties topics;

	private final Clock clock;

	/**
	 * @param kafka a transactional template with JSON values
	 * @param topics the fleet's topics
	 * @param clock the clock for submission times and deadlines
	 */
	public BatchPublisher(KafkaOperations<String, Object> kafka, TopicProperties topics, Clock clock) {
		if (!kafka.isTransactional()) {
			throw new IllegalArgumentException("the batch publisher needs a transactional Kafka template: set "
					+ "spring.kafka.producer.transaction-id-prefix");
		}
		this.kafka = kafka;
		this.topics = topics;
		this.clock = clock;
	}

	/**
	 * Publishes the URLs as a new batch and returns its manifest once the transaction has committed. URLs that
	 * {@link NormalizedUrl} makes equal become one job, whose {@link UrlJob#copies()} is the number of listings, so
	 * that the page is fetched once and counted once per listing.
	 * @param urls the batch's URLs, already validated
	 * @param options failure policy and deadline
	 * @param batchId the id to use, or {@code null} to generate one
	 */
	public BatchSubmitted publish(List<String> urls, BatchOptions options, @Nullable String batchId) {
		return publishSubmission(urls, options, batchId).manifest();
	}

	/**
	 * Publishes the URLs as a new batch and returns its submission record once the transaction has committed.
	 * @param urls the batch's URLs, already validated
	 * @param options failure policy and deadline
	 * @param batchId the id to use, or {@code null} to generate one
	 */
	public BatchSubmission publishSubmission(List<String> urls, BatchOptions options, @Nullable String batchId) {
		if (urls.isEmpty()) {
			throw InvalidUrlListException.empty();
		}
		String id = (batchId != null) ? batchId : UUID.randomUUID().toString();
		Instant now = this.clock.instant();
		Instant deadline = (options.deadline() != null) ? now.plus(options.deadline()) : null;
		List<UrlJob> jobs = jobs(id, urls);
		BatchSubmitted manifest = BatchSubmitted.of(id, jobs.size(), options.maxFailures(), deadline, now);
		BatchSubmission submission = BatchSubmission.of(SubmissionFingerprint.of(urls, options), manifest);
		this.kafka.executeInTransaction((operations) -> {
			operations.send(this.topics.batchEvents(), id, manifest);
			operations.send(this.topics.submissions(), id, submission);
			// Jobs go round-robin over the partitions rather than by key hash, so that every worker of a balanced
			// group gets the same share of a batch and none is left with a tail of jobs after the others are done.
			int partitions = operations.partitionsFor(this.topics.jobs()).size();
			int first = Math.floorMod(id.hashCode(), partitions);
			for (UrlJob job : jobs) {
				operations.send(this.topics.jobs(), (first + job.jobId()) % partitions, job.key(), job);
			}
			return null;
		});
		logger.info("Published batch {} with {} URLs as {} jobs (max failures {}, deadline {})", id, urls.size(),
				jobs.size(), options.maxFailures(), (deadline != null) ? deadline : "none");
		return submission;
	}

	/** Returns one job per distinct normalized URL, in the order of first listing, with its number of listings. */
	private static List<UrlJob> jobs(String batchId, List<String> urls) {
		Map<String, Listing> listings = new LinkedHashMap<>();
		for (String url : urls) {
			listings.computeIfAbsent(NormalizedUrl.of(url), (key) -> new Listing(url)).copies++;
		}
		List<UrlJob> jobs = new ArrayList<>(listings.size());
		for (Listing listing : listings.values()) {
			jobs.add(UrlJob.of(batchId, jobs.size(), listing.url, listing.copies));
		}
		return jobs;
	}

	/** The first listed form of a URL and how many times the batch lists it. */
	private static final class Listing {

		private final String url;

		private int copies;

		Listing(String url) {
			this.url = url;
		}

	}

}
