package dev.wordfleet.aggregator;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

import dev.wordfleet.aggregator.batch.BatchPublications;
import dev.wordfleet.protocol.BatchFinished;
import dev.wordfleet.protocol.BatchProgressReport;
import dev.wordfleet.protocol.BatchResult;
import dev.wordfleet.protocol.CancelBatch;
import dev.wordfleet.protocol.TopicProperties;

/**
 * Publishes the aggregator's decisions in Kafka transactions and the progress reports of running batches outside
 * them, each keyed by batch id.
 */
final class KafkaBatchPublications implements BatchPublications {

	/** Maximum wait for the broker to acknowledge a progress report. */
	private static final Duration PROGRESS_ACK_TIMEOUT = Duration.ofSeconds(10);

	private final KafkaTemplate<String, Object> transactional;

	private final KafkaTemplate<String, Object> progress;

	private final TopicProperties topics;

	/**
	 * @param transactional a transactional template, for the decision, cancel, result and final report of a batch
	 * @param topics the topic names
	 * @throws IllegalStateException when the template is not transactional
	 */
	KafkaBatchPublications(KafkaTemplate<String, Object> transactional, TopicProperties topics) {
		if (!transactional.isTransactional()) {
			throw new IllegalStateException("the aggregator needs a transactional Kafka template to publish a batch's "
					+ "decision and result together: set spring.kafka.producer.transaction-id-prefix");
		}
		this.transactional = transactional;
		// Reports of running batches need no transaction: the factory's non-transactional producer sends them.
		this.progress = new KafkaTemplate<>(transactional.getProducerFactory());
		this.progress.setAllowNonTransactional(true);
		this.topics = topics;
	}

	@Override
	public void publishFinal(BatchFinished decision, @Nullable CancelBatch cancel, BatchResult result,
			BatchProgressReport finalReport) {
		this.transactional.executeInTransaction((operations) -> {
			operations.send(this.topics.batchEvents(), decision.batchId(), decision);
			if (cancel != null) {
				operations.send(this.topics.cancels(), cancel.batchId(), cancel);
			}
			operations.send(this.topics.batchResults(), result.batchId(), result);
			operations.send(this.topics.batchProgress(), finalReport.batchId(), finalReport);
			return null;
		});
	}

	@Override
	public void publishProgress(BatchProgressReport report) {
		try {
			this.progress.send(this.topics.batchProgress(), report.batchId(), report)
				.get(PROGRESS_ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("interrupted while publishing the progress of batch " + report.batchId(), ex);
		}
		catch (ExecutionException ex) {
			throw new KafkaException("failed to publish the progress of batch " + report.batchId(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new KafkaException("the broker did not acknowledge the progress of batch " + report.batchId()
					+ " within " + PROGRESS_ACK_TIMEOUT, ex);
		}
	}

}
