package dev.wordfleet.worker.job;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.core.KafkaOperations;

import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.TopicProperties;

/**
 * Publishes job outcomes to the batch-events topic, keyed by batch id, and waits for the broker's acknowledgment so
 * that a job's offset is committed only after its outcome is stored.
 */
public class OutcomePublisher {

	private final KafkaOperations<String, Object> kafka;

	private final TopicProperties topics;

	private final Duration timeout;

	/**
	 * @param kafka template with JSON values
	 * @param topics the fleet's topics
	 * @param timeout longest wait for the broker's acknowledgment
	 */
	public OutcomePublisher(KafkaOperations<String, Object> kafka, TopicProperties topics, Duration timeout) {
		this.kafka = kafka;
		this.topics = topics;
		this.timeout = timeout;
	}

	/**
	 * Publishes an outcome and waits until the broker has stored it.
	 * @throws OutcomeNotPublishedException when it was not stored in time
	 */
	public void publish(JobOutcome outcome) {
		try {
			this.kafka.send(this.topics.batchEvents(), outcome.batchId(), outcome)
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new OutcomeNotPublishedException(outcome, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new OutcomeNotPublishedException(outcome, ex);
		}
	}

	/** An outcome that the broker did not acknowledge. */
	public static class OutcomeNotPublishedException extends RuntimeException {

		OutcomeNotPublishedException(JobOutcome outcome, Throwable cause) {
			super("failed to publish the outcome of job " + outcome.jobId() + " of batch " + outcome.batchId() + ": "
					+ cause.getMessage(), cause);
		}

	}

}
