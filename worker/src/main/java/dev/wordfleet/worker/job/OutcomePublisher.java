package dev.wordfleet.worker.job;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.kafka.core.KafkaOperations;

import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.TopicProperties;

/**
 * Publishes job outcomes to the batch-events topic, keyed by batch id, and waits for the broker's acknowledgment so
 * that a job's offset is committed only after its outcome is stored. A failed send is retried
 * {@value #MAX_RETRIES} times with exponential backoff from one second.
 */
public class OutcomePublisher {

	private static final Logger logger = LoggerFactory.getLogger(OutcomePublisher.class);

	private static final long MAX_RETRIES = 4;

	private final KafkaOperations<String, Object> kafka;

	private final TopicProperties topics;

	private final Duration timeout;

	private final RetryTemplate retry;

	/**
	 * @param kafka template with JSON values
	 * @param topics the fleet's topics
	 * @param timeout longest wait for the broker's acknowledgment of one send
	 */
	public OutcomePublisher(KafkaOperations<String, Object> kafka, TopicProperties topics, Duration timeout) {
		this.kafka = kafka;
		this.topics = topics;
		this.timeout = timeout;
		this.retry = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(MAX_RETRIES)
			.delay(Duration.ofSeconds(1))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(8))
			.build());
		this.retry.setRetryListener(new RetryListener() {

			@Override
			public void beforeRetry(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
				logger.warn("Retrying {} after attempt {} failed: {}", retryable.getName(), state.getRetryCount() + 1,
						state.getLastException().getMessage());
			}

		});
	}

	/**
	 * Publishes an outcome, split into parts when its counts are large, and waits until the broker has stored it.
	 * @throws OutcomeNotPublishedException when it was not stored after every retry
	 */
	public void publish(JobOutcome outcome) {
		if (outcome instanceof PageCounted page) {
			for (PageCounted part : page.split(PageCounted.MAX_PART_BYTES)) {
				send(part);
			}
		}
		else {
			send(outcome);
		}
	}

	private void send(JobOutcome outcome) {
		try {
			this.retry.execute(new Retryable<Void>() {

				@Override
				public Void execute() throws InterruptedException, ExecutionException, TimeoutException {
					OutcomePublisher.this.kafka.send(OutcomePublisher.this.topics.batchEvents(), outcome.batchId(), outcome)
						.get(OutcomePublisher.this.timeout.toMillis(), TimeUnit.MILLISECONDS);
					return null;
				}

				@Override
				public String getName() {
					return "the outcome of job " + outcome.jobId() + " of batch " + outcome.batchId();
				}

			});
		}
		catch (RetryException ex) {
			if (ex.getLastException() instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new OutcomeNotPublishedException(outcome, ex.getLastException());
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
