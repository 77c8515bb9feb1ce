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
import dev.wordfleet.aggregator.batch.BatchTracker;
import dev.wordfleet.protocol.BatchEvent;
import dev.wordfleet.protocol.DeadLetters;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.TopicProperties;

/**
 * Kafka wiring of the aggregator role: one listener container reads the batch-events topic on one thread, and a
 * transactional template publishes each batch's decision, cancel and result together.
 */
@Configuration(proxyBeanMethods = false)
class AggregatorConfiguration {

	/** Time without records after which the container counts as idle, and every partition as caught up. */
	private static final Duration IDLE_EVENT_INTERVAL = Duration.ofMillis(500);

	@Bean
	BatchPublications batchPublications(KafkaTemplate<String, Object> kafkaTemplate, TopicProperties topics) {
		if (!kafkaTemplate.isTransactional()) {
			throw new IllegalStateException("the aggregator needs a transactional Kafka template to publish a batch's "
					+ "decision and result together: set spring.kafka.producer.transaction-id-prefix");
		}
		return (decision, cancel, result) -> kafkaTemplate.executeInTransaction((operations) -> {
			operations.send(topics.batchEvents(), decision.batchId(), decision);
			if (cancel != null) {
				operations.send(topics.cancels(), cancel.batchId(), cancel);
			}
			operations.send(topics.batchResults(), result.batchId(), result);
			return null;
		});
	}

	@Bean
	BatchTracker batchTracker(BatchPublications batchPublications, AggregatorProperties properties,
			MeterRegistry meterRegistry) {
		return new BatchTracker(batchPublications, Clock.systemUTC(), properties.resultTopWords(),
				new BatchMetrics(meterRegistry));
	}

	@Bean(destroyMethod = "close")
	SimpleAsyncTaskScheduler deadlineScheduler(BatchTracker batchTracker, AggregatorProperties properties) {
		SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
		scheduler.setThreadNamePrefix("deadline-check-");
		scheduler.setVirtualThreads(true);
		scheduler.scheduleWithFixedDelay(batchTracker::checkDeadlines, properties.deadlineCheckInterval());
		return scheduler;
	}

	@Bean
	ConcurrentMessageListenerContainer<String, BatchEvent> batchEventContainer(ConsumerFactory<?, ?> kafkaConsumerFactory,
			KafkaTemplate<String, Object> kafkaTemplate, TopicProperties topics, BatchTracker batchTracker,
			AggregatorProperties properties) {
		ContainerProperties containerProperties = new ContainerProperties(topics.batchEvents());
		containerProperties.setGroupId(properties.groupId());
		BatchEventListener listener = new BatchEventListener(batchTracker);
		containerProperties.setMessageListener(listener);
		containerProperties.setConsumerRebalanceListener(listener);
		// An idle container has read every partition to its end, which ends the replay of partitions whose last
		// entries are transaction markers.
		containerProperties.setIdleEventInterval(IDLE_EVENT_INTERVAL.toMillis());
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
