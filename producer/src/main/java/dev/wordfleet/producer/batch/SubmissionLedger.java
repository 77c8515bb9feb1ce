package dev.wordfleet.producer.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;

import dev.wordfleet.protocol.BatchSubmission;
import dev.wordfleet.protocol.Durations;
import dev.wordfleet.protocol.Json;

/**
 * Every batch that a producer published, read from the submissions topic. Each producer instance reads the whole
 * topic from the beginning on its own thread, without a consumer group, so it finds the batches that other
 * instances and its own earlier runs published, for as long as the topic retains them.
 * <p>
 * {@link #sync(Duration)} is the read barrier: it returns once this instance has read every record that was committed
 * before the call, so a lookup after it finds every submission whose transaction committed before the sync started.
 * <p>
 * NOTE: the transaction coordinator writes a commit's markers to the topic shortly after the producer's commit
 * returns, and a read-committed consumer's end offset covers the submission only then. A sync that starts within
 * those few milliseconds can end before the submission. {@code SubmissionLedgerTest} syncs again for that reason.
 */
public class SubmissionLedger implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SubmissionLedger.class);

	private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

	/** Longest time the broker delays its response to a fetch of the ledger's consumer while it has no new records. */
	private static final Duration FETCH_MAX_WAIT = Duration.ofMillis(100);

	/** Maximum wait for the end offsets of the topic, and pause after a failed poll. */
	private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(5);

	/** Pause before asking again for the partitions of a topic that the broker lists without any. */
	private static final Duration PARTITIONS_RETRY_DELAY = Duration.ofMillis(100);

	private final ConsumerFactory<String, BatchSubmission> consumers;

	private final String topic;

	private final ConcurrentMap<String, BatchSubmission> submissions = new ConcurrentHashMap<>();

	private final BlockingQueue<CompletableFuture<Void>> syncRequests = new LinkedBlockingQueue<>();

	private volatile @Nullable Consumer<String, BatchSubmission> consumer;

	private volatile boolean running;

	private @Nullable Thread reader;

	/**
	 * @param consumers the role's consumer factory, for servers and security settings; values are read as JSON
	 * {@link BatchSubmission}s whatever it configures
	 * @param topic the submissions topic
	 */
	public SubmissionLedger(ConsumerFactory<?, ?> consumers, String topic) {
		this.consumers = Json.consumerFactory(consumers, BatchSubmission.class);
		this.topic = topic;
	}

	/**
	 * Returns the submission of a batch id, as far as this instance has read the topic. Call {@link #sync} first to
	 * include every committed submission.
	 */
	public Optional<BatchSubmission> find(String batchId) {
		return Optional.ofNullable(this.submissions.get(batchId));
	}

	/** Records a submission this instance has just published, before its record is read back. */
	public void remember(BatchSubmission submission) {
		this.submissions.putIfAbsent(submission.batchId(), submission);
	}

	/**
	 * Waits until this instance has read every submission committed before the call.
	 * @throws SubmissionLedgerException when the topic cannot be read to its end within the timeout
	 */
	public void sync(Duration timeout) {
		if (!this.running) {
			throw new SubmissionLedgerException("the submissions topic " + this.topic + " is not being read");
		}
		CompletableFuture<Void> request = new CompletableFuture<>();
		this.syncRequests.add(request);
		Consumer<String, BatchSubmission> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		try {
			request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			request.cancel(false);
			throw new SubmissionLedgerException("the submissions topic " + this.topic + " could not be read to its "
					+ "end within " + Durations.format(timeout));
		}
		catch (ExecutionException ex) {
			throw new SubmissionLedgerException("the submissions topic " + this.topic + " could not be read to its "
					+ "end: " + ex.getCause().getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SubmissionLedgerException("interrupted while reading the submissions topic " + this.topic);
		}
	}

	@Override
	public void start() {
		this.running = true;
		Thread thread = Thread.ofPlatform().name("submission-ledger").unstarted(this::read);
		this.reader = thread;
		thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Consumer<String, BatchSubmission> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		Thread thread = this.reader;
		if (thread != null) {
			try {
				thread.join(BROKER_TIMEOUT.plus(POLL_TIMEOUT));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void read() {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		// A sync waits for the next fetch that returns the records before the end offsets. The broker delays its
		// response to an empty fetch by up to fetch.max.wait.ms (500 ms by default), which would delay a keyed
		// submission too.
		properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(FETCH_MAX_WAIT.toMillis()));
		try (Consumer<String, BatchSubmission> reading = this.consumers.createConsumer(null, "submission-ledger",
				null, properties)) {
			this.consumer = reading;
			List<TopicPartition> partitions = awaitPartitions(reading);
			if (partitions.isEmpty()) {
				return;
			}
			reading.assign(partitions);
			reading.seekToBeginning(partitions);
			logger.info("Reading the submissions topic {} from the beginning", this.topic);
			poll(reading, partitions);
		}
		catch (RuntimeException ex) {
			logger.error("Stopped reading the submissions topic {}; requests with a batch id or idempotency key "
					+ "fail until the producer restarts: {}", this.topic, ex.getMessage(), ex);
		}
		finally {
			this.consumer = null;
			this.running = false;
			this.syncRequests.forEach((request) -> request.completeExceptionally(
					new IllegalStateException("the producer stopped reading the submissions topic")));
		}
	}

	/**
	 * Returns the partitions of the topic, waiting while the broker lists none, as it can just after the topic was
	 * created, or while it cannot be reached. Returns an empty list only when the ledger was stopped meanwhile.
	 */
	private List<TopicPartition> awaitPartitions(Consumer<String, BatchSubmission> reading) {
		boolean reported = false;
		while (this.running) {
			try {
				List<PartitionInfo> found = reading.partitionsFor(this.topic, BROKER_TIMEOUT);
				if (!found.isEmpty()) {
					return found.stream().map((info) -> new TopicPartition(this.topic, info.partition())).toList();
				}
				if (!reported) {
					logger.info("The broker lists no partitions of the submissions topic {} yet; asking again "
							+ "every {} ms", this.topic, PARTITIONS_RETRY_DELAY.toMillis());
					reported = true;
				}
				pause(PARTITIONS_RETRY_DELAY);
			}
			catch (WakeupException ex) {
				// stop() woke the consumer, or a sync request did, which waits until the topic can be read.
			}
			catch (KafkaException ex) {
				logger.warn("Failed to list the partitions of the submissions topic {}; trying again in {}: {}",
						this.topic, BROKER_TIMEOUT, ex.getMessage());
				pause(BROKER_TIMEOUT);
			}
		}
		return List.of();
	}

	/** Polls until stopped, and completes each sync request once the topic has been read to its end offsets. */
	private void poll(Consumer<String, BatchSubmission> reading, List<TopicPartition> partitions) {
		List<Barrier> waiting = new ArrayList<>();
		while (this.running) {
			try {
				// Sync requests are served before the poll, which can wait for records for up to POLL_TIMEOUT.
				if (!this.syncRequests.isEmpty()) {
					// Requests leave the queue only after the end offsets are known, so a wake-up during the call
					// loses none of them.
					Map<TopicPartition, Long> ends = reading.endOffsets(partitions, BROKER_TIMEOUT);
					for (CompletableFuture<Void> request = this.syncRequests.poll(); request != null;
							request = this.syncRequests.poll()) {
						waiting.add(new Barrier(request, ends));
					}
				}
				waiting.removeIf((barrier) -> barrier.reached(reading) || barrier.request().isDone());
				reading.poll(POLL_TIMEOUT).forEach(this::add);
			}
			catch (WakeupException ex) {
				// A sync request or stop() woke the consumer: the loop serves it.
			}
			catch (KafkaException ex) {
				logger.warn("Failed to read the submissions topic {}; trying again in {}: {}", this.topic,
						BROKER_TIMEOUT, ex.getMessage());
				waiting.forEach((barrier) -> barrier.request().completeExceptionally(ex));
				waiting.clear();
				pause(BROKER_TIMEOUT);
			}
		}
		waiting.forEach((barrier) -> barrier.request()
			.completeExceptionally(new IllegalStateException("the producer is stopping")));
	}

	private void add(ConsumerRecord<String, BatchSubmission> record) {
		BatchSubmission submission = record.value();
		if (submission == null) {
			logger.warn("Skipped record {}-{}@{} of the submissions topic: it is not a valid submission",
					record.topic(), record.partition(), record.offset());
			return;
		}
		this.submissions.putIfAbsent(submission.batchId(), submission);
	}

	private void pause(Duration delay) {
		try {
			Thread.sleep(delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	/**
	 * A sync request and the end offsets it waits for.
	 *
	 * @param request completed once the consumer's position has reached every end offset
	 * @param ends end offsets of the topic's partitions when the request was served
	 */
	private record Barrier(CompletableFuture<Void> request, Map<TopicPartition, Long> ends) {

		/** Completes the request when the consumer has read to the end offsets, and returns whether it has. */
		boolean reached(Consumer<?, ?> consumer) {
			boolean reached = this.ends.entrySet()
				.stream()
				.allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
			if (reached) {
				this.request.complete(null);
			}
			return reached;
		}

	}

}
