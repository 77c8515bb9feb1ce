package dev.wordfleet.aggregator;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import dev.wordfleet.aggregator.batch.BatchEventListener;
import dev.wordfleet.aggregator.batch.BatchPublications;
import dev.wordfleet.aggregator.batch.BatchTracker;
import dev.wordfleet.protocol.BatchEvent;
import dev.wordfleet.protocol.BatchResult;
import dev.wordfleet.protocol.CancelBatch;
import dev.wordfleet.protocol.DeadLetters;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.TopicProperties;

/**
 * Kafka wiring of the aggregator role: one listener container reads the batch-events topic on a single thread per
 * partition group, and a template publishes cancels and results.
 */
@Configuration(proxyBeanMethods = false)
class AggregatorConfiguration {

	/** Longest wait for the broker to acknowledge a cancel or a result. */
	private static final long SEND_TIMEOUT_SECONDS = 30;

	@Bean
	BatchPublications batchPublications(KafkaTemplate<String, Object> kafkaTemplate, TopicProperties topics) {
		return new BatchPublications() {

			@Override
			public void publishCancel(CancelBatch cancel) {
				await(kafkaTemplate.send(topics.cancels(), cancel.batchId(), cancel));
			}

			@Override
			public void publishResult(BatchResult result) {
				await(kafkaTemplate.send(topics.batchResults(), result.batchId(), result));
			}

		};
	}

	private static void await(CompletableFuture<SendResult<String, Object>> send) {
		try {
			send.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while publishing", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("failed to publish: " + ex.getMessage(), ex);
		}
	}

	@Bean
	BatchTracker batchTracker(BatchPublications batchPublications, AggregatorProperties properties) {
		return new BatchTracker(batchPublications, Clock.systemUTC(), properties.resultTopWords());
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
		containerProperties.setMessageListener(new BatchEventListener(batchTracker));
		ConcurrentMessageListenerContainer<String, BatchEvent> container = new ConcurrentMessageListenerContainer<>(
				Json.consumerFactory(kafkaConsumerFactory, BatchEvent.class), containerProperties);
		container.setBeanName("batch-events");
		container.setCommonErrorHandler(DeadLetters.errorHandler(kafkaTemplate, topics, (record, ex) -> {
			String batchId = DeadLetters.batchIdOf(record);
			if (!batchId.isEmpty()) {
				batchTracker.fail(batchId, "an event of the batch could not be read or merged and went to "
						+ topics.deadLetters() + ": " + ex.getMessage());
			}
		}));
		return container;
	}

}
