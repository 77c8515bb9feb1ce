package dev.wordfleet.worker.job;

import java.util.Collection;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaUtils;

import dev.wordfleet.protocol.InvalidMessageException;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.KafkaClients;
import dev.wordfleet.protocol.UrlJob;
import dev.wordfleet.worker.cancel.CancelledBatches;

import tools.jackson.core.JacksonException;

/**
 * One member of the workers' consumer group: a consumer of the jobs topic feeding a {@link JobDispatcher}. Job
 * records are read as bytes and parsed here, so that a malformed one is sent to the dead-letter topic and
 * acknowledged in its place in the partition's order.
 */
public final class JobWorker {

	private static final Logger logger = LoggerFactory.getLogger(JobWorker.class);

	private final String name;

	private final KafkaMessageListenerContainer<String, byte[]> container;

	private final JobDispatcher dispatcher;

	private final OrderedAcks acks = new OrderedAcks();

	private final ConsumerRecordRecoverer deadLetters;

	private final OutcomePublisher publisher;

	/**
	 * @param name name of this worker, used as the Kafka client id and in logs
	 * @param groupId consumer group of the workers
	 * @param topic the jobs topic
	 * @param concurrency maximum number of requests in flight
	 * @param baseConsumerFactory factory whose settings (servers, security) and listeners (metrics) the consumer
	 * copies
	 */
	public JobWorker(String name, String groupId, String topic, int concurrency, ConsumerFactory<?, ?> baseConsumerFactory,
			JobRunner runner, OutcomePublisher publisher, CancelledBatches cancelled,
			ConsumerRecordRecoverer deadLetters) {
		this.name = name;
		this.deadLetters = deadLetters;
		this.publisher = publisher;
		this.dispatcher = new JobDispatcher(name, concurrency, runner, publisher::publish, cancelled,
				(job, finished) -> {
					if (finished) {
						this.acks.complete(job.partition(), job.offset());
					}
				});

		// A poll brings at most four records per fetch slot, so that one poll cannot overfill the queue, and enough
		// that the slots do not wait for the next poll.
		Map<String, Object> overrides = Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4 * concurrency,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		ConsumerFactory<String, byte[]> consumerFactory = KafkaClients.consumerFactory(baseConsumerFactory,
				"jobConsumerFactory", overrides, new StringDeserializer(), new ByteArrayDeserializer());

		ContainerProperties properties = new ContainerProperties(topic);
		properties.setGroupId(groupId);
		properties.setClientId(name);
		properties.setAckMode(ContainerProperties.AckMode.MANUAL);
		// Asynchronous commits keep the consumer polling while the broker stores an offset. A commit that fails is
		// covered by the next one, or its jobs are fetched again, which the aggregator counts once.
		properties.setSyncCommits(false);
		properties.setCommitCallback(new OffsetCommitLog(name));
		properties.setMessageListener((AcknowledgingMessageListener<String, byte[]>) this::onJob);
		properties.setConsumerRebalanceListener(new PartitionChanges(name, this::forget, this::isStopping));
		this.container = new KafkaMessageListenerContainer<>(consumerFactory, properties);
		this.container.setBeanName(name);
	}

	private void onJob(ConsumerRecord<String, byte[]> record, Acknowledgment ack) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		this.acks.track(partition, record.offset(), ack);
		UrlJob job;
		try {
			if (record.value() == null) {
				throw new InvalidMessageException("the record has no value");
			}
			job = Json.mapper().readValue(record.value(), UrlJob.class);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			this.deadLetters.accept(record, ex);
			reportMalformed(record, ex);
			this.acks.complete(partition, record.offset());
			return;
		}
		this.dispatcher.submit(new AcceptedJob(job, partition, record.offset()));
	}

	/**
	 * Fails the job of an unreadable record when its key names the job, so that its batch does not wait for it
	 * forever.
	 */
	private void reportMalformed(ConsumerRecord<String, byte[]> record, Exception ex) {
		UrlJob.Key key = UrlJob.parseKey(record.key());
		if (key == null) {
			return;
		}
		try {
			this.publisher.publish(JobFailed.malformed(key,
					"the job record at " + KafkaUtils.format(record) + " could not be read: " + ex.getMessage()));
		}
		catch (RuntimeException publishFailure) {
			logger.error("Failed to report unreadable job {} of batch {}: {}", key.jobId(), key.batchId(),
					publishFailure.getMessage());
		}
	}

	private boolean isStopping() {
		return !this.container.isRunning();
	}

	private void forget(Collection<TopicPartition> partitions) {
		this.acks.forget(partitions);
		this.dispatcher.dropPartitions(partitions);
	}

	public void start() {
		this.dispatcher.start(new JobDispatcher.Intake() {

			@Override
			public void pause() {
				JobWorker.this.container.pause();
			}

			@Override
			public void resume() {
				JobWorker.this.container.resume();
			}

			@Override
			public boolean isPaused() {
				return JobWorker.this.container.isPauseRequested();
			}

		});
		this.container.start();
		logger.info("{} started", this.name);
	}

	/**
	 * Stops consuming, committing the offsets of finished jobs, then aborts the rest; the group hands them to another
	 * worker.
	 */
	public void stop() {
		this.container.stop();
		this.dispatcher.close();
		logger.info("{} stopped", this.name);
	}

	/** Returns the number of partitions of the jobs topic assigned to this worker now. */
	public int assignedPartitions() {
		Collection<TopicPartition> assigned = this.container.getAssignedPartitions();
		return (assigned != null) ? assigned.size() : 0;
	}

	/** Returns the number of fetches in flight now. */
	public int inFlight() {
		return this.dispatcher.inFlight();
	}

	/** Returns the highest number of fetches that were in flight at once since the worker started. */
	public int maxInFlight() {
		return this.dispatcher.maxInFlight();
	}

}
