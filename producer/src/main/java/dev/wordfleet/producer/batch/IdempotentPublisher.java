package dev.wordfleet.producer.batch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wordfleet.protocol.BatchSubmission;
import dev.wordfleet.protocol.BatchSubmitted;

/**
 * Publishes a batch under a client-chosen id unless a batch with that id has committed: a submission repeated with the
 * same URLs and options gets the first submission's manifest and publishes nothing, and one with other URLs or options
 * is rejected.
 * <p>
 * Within one producer instance, submissions of the same id are serialized. Across instances and restarts the
 * {@link SubmissionLedger} finds every submission committed before the request's read barrier. Two instances that
 * publish the same id at the same moment, each before the other's transaction has committed, both publish it:
 * docs/guarantees.md describes what the aggregator makes of that.
 */
public class IdempotentPublisher {

	private static final Logger logger = LoggerFactory.getLogger(IdempotentPublisher.class);

	/** Number of locks that submissions share by the hash of their batch id. */
	private static final int LOCK_STRIPES = 64;

	private final BatchPublisher publisher;

	private final SubmissionLedger ledger;

	private final Duration syncTimeout;

	private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

	/**
	 * @param publisher publishes new batches
	 * @param ledger the batches published so far
	 * @param syncTimeout maximum wait for the ledger to read the submissions topic to its end
	 */
	public IdempotentPublisher(BatchPublisher publisher, SubmissionLedger ledger, Duration syncTimeout) {
		this.publisher = publisher;
		this.ledger = ledger;
		this.syncTimeout = syncTimeout;
		for (int i = 0; i < LOCK_STRIPES; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	/**
	 * Publishes the URLs as batch {@code batchId} unless that id was submitted before.
	 * @return the manifest, and whether this call published it
	 * @throws ConflictingSubmissionException when the id was submitted before with other URLs or options
	 * @throws SubmissionLedgerException when it cannot be known whether the id was submitted before
	 */
	public Outcome publish(String batchId, List<String> urls, BatchOptions options) {
		String fingerprint = SubmissionFingerprint.of(urls, options);
		ReentrantLock lock = this.locks[Math.floorMod(batchId.hashCode(), LOCK_STRIPES)];
		lock.lock();
		try {
			try {
				this.ledger.sync(this.syncTimeout);
			}
			catch (SubmissionLedgerException ex) {
				logger.warn("Rejected a submission of batch {}, because whether it was submitted before is "
						+ "unknown: {}", batchId, ex.getMessage());
				throw ex;
			}
			BatchSubmission earlier = this.ledger.find(batchId).orElse(null);
			if (earlier != null) {
				if (!earlier.fingerprint().equals(fingerprint)) {
					logger.info("Rejected a submission of batch {}: the id was submitted before, at {}, with other "
							+ "URLs or options", batchId, earlier.manifest().submittedAt());
					throw new ConflictingSubmissionException(batchId);
				}
				logger.info("Batch {} was submitted before, at {}; returned its manifest without publishing again",
						batchId, earlier.manifest().submittedAt());
				return new Outcome(earlier.manifest(), false);
			}
			BatchSubmission submission = this.publisher.publishSubmission(urls, options, batchId);
			this.ledger.remember(submission);
			return new Outcome(submission.manifest(), true);
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * The result of a submission under a chosen id.
	 *
	 * @param manifest the batch's manifest: the new one, or the one published first
	 * @param published whether this submission published the batch; {@code false} for a repeated submission
	 */
	public record Outcome(BatchSubmitted manifest, boolean published) {
	}

}
