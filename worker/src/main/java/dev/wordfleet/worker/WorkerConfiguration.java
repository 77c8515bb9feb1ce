package dev.wordfleet.worker;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;

import dev.wordfleet.protocol.CancelBatch;
import dev.wordfleet.protocol.DeadLetters;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.KafkaClients;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.worker.cache.PageCache;
import dev.wordfleet.worker.cancel.CancelListener;
import dev.wordfleet.worker.cancel.CancelledBatches;
import dev.wordfleet.worker.fetch.PageFetcher;
import dev.wordfleet.worker.fetch.RetryPolicy;
import dev.wordfleet.worker.job.BodyMemory;
import dev.wordfleet.worker.job.FetchMetrics;
import dev.wordfleet.worker.job.JobRunner;
import dev.wordfleet.worker.job.JobWarmUp;
import dev.wordfleet.worker.job.JobWorker;
import dev.wordfleet.worker.job.JobWorkers;
import dev.wordfleet.worker.job.OutcomePublisher;
import dev.wordfleet.worker.politeness.HostLimiter;
import dev.wordfleet.worker.robots.RobotsCache;
import dev.wordfleet.worker.robots.RobotsSettings;
import dev.wordfleet.worker.text.CountingThreads;
import dev.wordfleet.worker.text.PageCounter;

/**
 * Wiring of the worker role: the job workers, the fetcher they share, and the cancel listener that every worker
 * process runs outside the consumer group so that it reads every cancel.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

	@Bean(destroyMethod = "close")
	PageFetcher pageFetcher(FetchProperties fetch) {
		return new PageFetcher(fetch.toSettings());
	}

	@Bean
	CancelledBatches cancelledBatches() {
		return new CancelledBatches(Clock.systemUTC());
	}

	/** robots.txt of each origin, fetched once and cached; absent when robots.txt is ignored. */
	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = "wordfleet.fetch.robots.enabled", havingValue = "true", matchIfMissing = true)
	RobotsCache robotsCache(PageFetcher pageFetcher, FetchProperties fetch) {
		return new RobotsCache(pageFetcher, fetch.robots().toSettings(), Clock.systemUTC());
	}

	/** Counted pages of earlier batches, shared by the workers of this process; absent unless turned on. */
	@Bean
	@ConditionalOnProperty(name = "wordfleet.fetch.cache.enabled", havingValue = "true")
	PageCache pageCache(FetchProperties fetch) {
		return new PageCache(fetch.cache().toSettings(), Clock.systemUTC());
	}

	/** Platform threads that count the pages of all workers of this process, one per core. */
	@Bean(destroyMethod = "close")
	CountingThreads countingThreads() {
		return CountingThreads.perCore(new PageCounter());
	}

	/** Memory for long bodies that are read whole before they are counted, shared by the workers of this process. */
	@Bean
	BodyMemory bodyMemory(MeterRegistry meterRegistry) {
		BodyMemory bodyMemory = BodyMemory.forMaxHeap(Runtime.getRuntime().maxMemory());
		Gauge.builder("wordfleet.body.memory.capacity", bodyMemory, BodyMemory::capacity)
			.description("Memory for long bodies read whole before they are counted")
			.baseUnit("bytes")
			.register(meterRegistry);
		Gauge.builder("wordfleet.body.memory.reserved", bodyMemory,
				(memory) -> memory.capacity() - memory.available())
			.description("Memory for long bodies that jobs have reserved now")
			.baseUnit("bytes")
			.register(meterRegistry);
		return bodyMemory;
	}

	@Bean
	FetchMetrics fetchMetrics(MeterRegistry meterRegistry) {
		return new FetchMetrics(meterRegistry);
	}

	@Bean
	JobWorkers jobWorkers(WorkerProperties worker, TopicProperties topics, ConsumerFactory<?, ?> kafkaConsumerFactory,
			PageFetcher pageFetcher, FetchProperties fetch, ObjectProvider<RobotsCache> robotsCache,
			ObjectProvider<PageCache> pageCache, FetchMetrics fetchMetrics,
			KafkaTemplate<String, Object> kafkaTemplate, CancelledBatches cancelledBatches,
			CountingThreads countingThreads, BodyMemory bodyMemory, MeterRegistry meterRegistry) {
		OutcomePublisher publisher = new OutcomePublisher(kafkaTemplate, topics, worker.publishTimeout());
		ConsumerRecordRecoverer deadLetters = DeadLetters.recoverer(kafkaTemplate, topics);
		RetryPolicy retryPolicy = new RetryPolicy(fetch.retry().toSettings(), Clock.systemUTC());
		List<JobWorker> workers = new ArrayList<>();
		for (int i = 1; i <= worker.instances(); i++) {
			// Each worker has its own host limiter, like its own fetch slots: a job of one worker that has a
			// host's slot while it waits for a fetch slot must not keep that host from the other workers.
			JobRunner runner = new JobRunner(pageFetcher, countingThreads, bodyMemory, fetchMetrics, retryPolicy,
					robotsCache.getIfAvailable(), new HostLimiter(fetch.politeness().toSettings()),
					pageCache.getIfAvailable());
			workers.add(new JobWorker("worker-" + i, worker.groupId(), topics.jobs(), worker.concurrency(),
					kafkaConsumerFactory, runner, publisher, cancelledBatches, deadLetters));
		}
		JobWarmUp warmUp = null;
		if (worker.warmUp()) {
			RobotsSettings robots = (robotsCache.getIfAvailable() != null) ? fetch.robots().toSettings() : null;
			warmUp = new JobWarmUp(fetch.toSettings(), robots, countingThreads);
		}
		JobWorkers jobWorkers = new JobWorkers(workers, warmUp);
		Gauge.builder("wordfleet.fetches.in.flight", jobWorkers,
				(all) -> all.workers().stream().mapToInt(JobWorker::inFlight).sum())
			.description("Fetches in flight in this process")
			.register(meterRegistry);
		return jobWorkers;
	}

	/**
	 * Reads the whole cancels topic from the beginning, with no consumer group, so that every worker process reads
	 * every cancel, including those published before it started.
	 */
	@Bean
	KafkaMessageListenerContainer<String, CancelBatch> cancelContainer(ConsumerFactory<?, ?> kafkaConsumerFactory,
			KafkaTemplate<String, Object> kafkaTemplate, TopicProperties topics, CancelledBatches cancelledBatches) {
		// A null group id removes the one that spring.kafka.consumer.group-id may set.
		Map<String, @Nullable Object> overrides = new HashMap<>();
		overrides.put(ConsumerConfig.GROUP_ID_CONFIG, null);
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		ConsumerFactory<String, CancelBatch> consumerFactory = KafkaClients.consumerFactory(kafkaConsumerFactory,
				"cancelConsumerFactory", overrides, new StringDeserializer(), Json.deserializer(CancelBatch.class));
		ContainerProperties properties = new ContainerProperties(
				new TopicPartitionOffset(topics.cancels(), 0, TopicPartitionOffset.SeekPosition.BEGINNING));
		CancelListener listener = new CancelListener(cancelledBatches, Instant.now());
		properties.setMessageListener(listener);
		properties.setClientId("cancels");
		// No group, so no offsets to commit: the topic is read from the beginning at every start.
		properties.setAckMode(ContainerProperties.AckMode.MANUAL);
		KafkaMessageListenerContainer<String, CancelBatch> container = new KafkaMessageListenerContainer<>(
				consumerFactory, properties);
		container.setCommonErrorHandler(DeadLetters
			.errorHandler(listener.recoverNewRecordsOnly(DeadLetters.recoverer(kafkaTemplate, topics))));
		return container;
	}

}
