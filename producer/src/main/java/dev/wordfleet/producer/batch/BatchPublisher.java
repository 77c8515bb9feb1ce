package dev.wordfleet.producer.batch;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

import dev.wordfleet.protocol.BatchSubmission;
import dev.wordfleet.protocol.BatchSubmitted;
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
	 * Publishes the URLs as a new batch and returns its manifest once the transaction has committed.
	 * @param urls the batch's URLs, already validated; a URL listed twice becomes two jobs
	 * @param options failure policy and deadline
	 * @param batchId the id to use, or {@code null} to generate one
	 */
	public BatchSubmitted publish(List<String> urls, BatchOptions options, @Nullable String batchId) {
		return publishSubmission(urls, options, batchId).manifest();
	}

	/**
	 * Publishes the URLs as a new batch and returns its submission record once the transaction has committed.
	 * @param urls the batch's URLs, already validated; a URL listed twice becomes two jobs
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
		BatchSubmitted manifest = BatchSubmitted.of(id, urls.size(), options.maxFailures(), deadline, now);
		BatchSubmission submission = BatchSubmission.of(SubmissionFingerprint.of(urls, options), manifest);
		this.kafka.executeInTransaction((operations) -> {
			operations.send(this.topics.batchEvents(), id, manifest);
			operations.send(this.topics.submissions(), id, submission);
			// Jobs go round-robin over the partitions rather than by key hash, so that every worker of a balanced
			// group gets the same share of a batch and none is left with a tail of jobs after the others are done.
			int partitions = operations.partitionsFor(this.topics.jobs()).size();
			int first = Math.floorMod(id.hashCode(), partitions);
			for (int jobId = 0; jobId < urls.size(); jobId++) {
				UrlJob job = UrlJob.of(id, jobId, urls.get(jobId));
				operations.send(this.topics.jobs(), (first + jobId) % partitions, job.key(), job);
			}
			return null;
		});
		logger.info("Published batch {} with {} URLs (max failures {}, deadline {})", id, urls.size(),
				options.maxFailures(), (deadline != null) ? deadline : "none");
		return submission;
	}

}
