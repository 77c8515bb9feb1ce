package dev.wordfleet.aggregator;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import dev.wordfleet.aggregator.batch.BatchEventListener;
import dev.wordfleet.aggregator.batch.BatchMetrics;
import dev.wordfleet.aggregator.batch.BatchPublications;
import dev.wordfleet.aggregator.batch.BatchReplayHealthIndicator;
import dev.wordfleet.aggregator.batch.BatchTracker;
import dev.wordfleet.aggregator.batch.ProgressStreams;
import dev.wordfleet.protocol.BatchEvent;
import dev.wordfleet.protocol.DeadLetters;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.TopicProperties;

/**
 * Kafka wiring of the aggregator role: one listener container reads the batch-events topic on one thread, and a
 * transactional template publishes each batch's decision, cancel, result and final progress report together.
 * Schedulers check deadlines and report the progress of running batches.
 */
@Configuration(proxyBeanMethods = false)
class AggregatorConfiguration {

	/** Time without records after which the container counts as idle, and every partition as caught up. */
	private static final Duration IDLE_EVENT_INTERVAL = Duration.ofMillis(500);

	@Bean
	BatchPublications batchPublications(KafkaTemplate<String, Object> kafkaTemplate, TopicProperties topics) {
		return new KafkaBatchPublications(kafkaTemplate, topics);
	}

	@Bean
	BatchTracker batchTracker(BatchPublications batchPublications, AggregatorProperties properties,
			MeterRegistry meterRegistry) {
		return new BatchTracker(batchPublications, Clock.systemUTC(), properties.resultTopWords(),
				properties.finishedBatchRetention(), new BatchMetrics(meterRegistry));
	}

	/**
	 * Checks running batches against their deadlines, and drops the word counts of batches finished longer ago than
	 * their retention, both at the deadline-check interval.
	 */
	@Bean(destroyMethod = "close")
	SimpleAsyncTaskScheduler deadlineScheduler(BatchTracker batchTracker, AggregatorProperties properties) {
		SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
		scheduler.setThreadNamePrefix("deadline-check-");
		scheduler.setVirtualThreads(true);
		scheduler.scheduleWithFixedDelay(batchTracker::checkDeadlines, properties.deadlineCheckInterval());
		scheduler.scheduleWithFixedDelay(batchTracker::dropExpiredWords, properties.deadlineCheckInterval());
		return scheduler;
	}

	/**
	 * Publishes the progress reports of running batches to the batch-progress topic and sends progress events to the
	 * open event streams, each at its own fixed interval.
	 */
	@Bean(destroyMethod = "close")
	SimpleAsyncTaskScheduler progressScheduler(BatchTracker batchTracker, ProgressStreams progressStreams,
			AggregatorProperties properties) {
		SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
		scheduler.setThreadNamePrefix("progress-");
		scheduler.setVirtualThreads(true);
		scheduler.scheduleWithFixedDelay(batchTracker::reportProgress, properties.progressInterval());
		scheduler.scheduleWithFixedDelay(progressStreams::publishChanges, properties.eventsInterval());
		return scheduler;
	}

	@Bean(destroyMethod = "close")
	ProgressStreams progressStreams(BatchTracker batchTracker, AggregatorProperties properties) {
		return new ProgressStreams(batchTracker, properties.eventStreamTimeout(), properties.maxEventStreams());
	}

	@Bean
	BatchEventListener batchEventListener(BatchTracker batchTracker) {
		return new BatchEventListener(batchTracker);
	}

	/** Creates the {@code batchEvents} health contributor, which the readiness group includes by default. */
	@Bean
	BatchReplayHealthIndicator batchEventsHealthIndicator(BatchEventListener batchEventListener) {
		return new BatchReplayHealthIndicator(batchEventListener);
	}

	@Bean
	ConcurrentMessageListenerContainer<String, BatchEvent> batchEventContainer(ConsumerFactory<?, ?> kafkaConsumerFactory,
			KafkaTemplate<String, Object> kafkaTemplate, TopicProperties topics, BatchTracker batchTracker,
			BatchEventListener listener, AggregatorProperties properties) {
		ContainerProperties containerProperties = new ContainerProperties(topics.batchEvents());
		containerProperties.setGroupId(properties.groupId());
		containerProperties.setMessageListener(listener);
		containerProperties.setConsumerRebalanceListener(listener);
		// An idle container has read every partition to its end, which ends the replay of partitions whose last
		// entries are transaction markers. The container checks for idleness only when a poll returns, so a poll
		// waits no longer than the interval, and the interval is not lengthened before the first records.
		containerProperties.setIdleEventInterval(IDLE_EVENT_INTERVAL.toMillis());
		containerProperties.setIdleBeforeDataMultiplier(1.0);
		containerProperties.setPollTimeout(IDLE_EVENT_INTERVAL.toMillis());
		ConcurrentMessageListenerContainer<String, BatchEvent> container = new ConcurrentMessageListenerContainer<>(
				Json.consumerFactory(kafkaConsumerFactory, BatchEvent.class), containerProperties);
		container.setBeanName("batch-events");

		ConsumerRecordRecoverer deadLetters = DeadLetters.recoverer(kafkaTemplate, topics);
		container.setCommonErrorHandler(DeadLetters.errorHandler((record, ex) -> {
			// A record replayed at start-up went to the dead-letter topic when it was first read.
			if (batchTracker.isCaughtUp(record.partition())) {
				deadLetters.accept(record, ex);
			}
			// Batch events are keyed by their batch id.
			Object batchId = record.key();
			if (batchId instanceof String id && !id.isBlank()) {
				batchTracker.fail(id, record.partition(), "an event of the batch could not be read or merged "
						+ "and went to " + topics.deadLetters() + ": " + DeadLetters.rootMessage(ex));
			}
		}));
		return container;
	}

}
