package dev.wordfleet.worker.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.worker.cancel.CancelledBatches;
import dev.wordfleet.worker.fetch.PageFetcher;
import dev.wordfleet.worker.fetch.PendingFetch;

/**
 * The bounded pool of one worker: jobs wait in a queue and at most {@code concurrency} of them fetch at once, each on
 * its own virtual thread. The consumer never blocks on a full pool. When the queue fills up, the dispatcher pauses
 * the consumer, which keeps polling, so the worker keeps its group membership however long fetches take. The
 * consumer resumes once the queue has drained to half.
 */
final class JobDispatcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(JobDispatcher.class);

	/** Pauses and resumes the consumer that feeds the dispatcher. */
	interface Intake {

		void pause();

		void resume();

		boolean isPaused();

	}

	private final String name;

	private final int concurrency;

	private final Semaphore slots;

	/**
	 * Jobs started and not finished: fetching, or publishing their outcome after the fetch slot was freed. Twice the
	 * concurrency, so that slow publishing cannot pile up work without bound.
	 */
	private final Semaphore started;

	private final BlockingQueue<AcceptedJob> queue = new LinkedBlockingQueue<>();

	private final Map<AcceptedJob, PendingFetch> inFlight = new ConcurrentHashMap<>();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final PageFetcher fetcher;

	private final JobRunner runner;

	private final Consumer<JobOutcome> publisher;

	private final CancelledBatches cancelled;

	private final BiConsumer<AcceptedJob, Boolean> onFinished;

	private final ExecutorService fetchThreads = Executors.newVirtualThreadPerTaskExecutor();

	private volatile Intake intake = NO_INTAKE;

	private volatile boolean closed;

	private final Thread dispatchThread;

	/**
	 * @param name worker name, for logs and thread names
	 * @param concurrency maximum number of fetches in flight
	 * @param publisher stores a job's outcome, returning once it is stored and throwing when it could not be
	 * @param onFinished called once per job when it no longer needs processing, with {@code true} when it was
	 * finished (outcome published, or skipped because its batch was cancelled) and {@code false} when its outcome could
	 * not be published, so it must not be acknowledged
	 */
	JobDispatcher(String name, int concurrency, PageFetcher fetcher, JobRunner runner, Consumer<JobOutcome> publisher,
			CancelledBatches cancelled, BiConsumer<AcceptedJob, Boolean> onFinished) {
		if (concurrency < 1) {
			throw new IllegalArgumentException("concurrency must be 1 or more, but was " + concurrency);
		}
		this.name = name;
		this.concurrency = concurrency;
		this.slots = new Semaphore(concurrency);
		this.started = new Semaphore(2 * concurrency);
		this.fetcher = fetcher;
		this.runner = runner;
		this.publisher = publisher;
		this.cancelled = cancelled;
		this.onFinished = onFinished;
		this.dispatchThread = Thread.ofVirtual().name(name + "-dispatch").unstarted(this::dispatch);
		cancelled.addListener(this::cancelBatch);
	}

	void start(Intake intake) {
		this.intake = intake;
		this.dispatchThread.start();
	}

	/** Queues a job; called on the consumer thread, never blocks. */
	void submit(AcceptedJob job) {
		this.queue.add(job);
		if (this.queue.size() >= this.concurrency && !this.intake.isPaused()) {
			this.intake.pause();
		}
	}

	/** Drops queued jobs of partitions this worker lost; their new owner fetches them. */
	void dropQueued(Collection<TopicPartition> revoked) {
		this.queue.removeIf((job) -> revoked.contains(job.partition()));
		resumeIfDrained();
	}

	int inFlight() {
		return this.inFlight.size();
	}

	int queued() {
		return this.queue.size();
	}

	/** Returns the highest number of fetches that were in flight at once. */
	int maxInFlight() {
		return this.maxInFlight.get();
	}

	private void dispatch() {
		logger.debug("{} dispatching with {} fetch slots", this.name, this.concurrency);
		try {
			while (!this.closed) {
				this.started.acquire();
				this.slots.acquire();
				resumeIfDrained();
				AcceptedJob next = this.queue.take();
				resumeIfDrained();
				if (this.cancelled.isCancelled(next.batchId())) {
					this.slots.release();
					this.started.release();
					this.onFinished.accept(next, true);
					continue;
				}
				startFetch(next);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Resumes the consumer once the queue has drained to half. Called wherever the queue shrinks: a paused consumer
	 * with an empty queue would otherwise wait forever.
	 */
	private void resumeIfDrained() {
		if (this.intake.isPaused() && this.queue.size() <= this.concurrency / 2) {
			this.intake.resume();
		}
	}

	private void startFetch(AcceptedJob next) {
		PendingFetch fetch = this.fetcher.prepare(next.job().url());
		this.inFlight.put(next, fetch);
		this.maxInFlight.accumulateAndGet(this.inFlight.size(), Math::max);
		if (this.cancelled.isCancelled(next.batchId())) {
			fetch.cancel();
		}
		this.fetchThreads.execute(() -> {
			boolean finished = false;
			boolean fetching = true;
			try {
				JobOutcome outcome = this.runner.run(next.job(), fetch);
				// The fetch is over: its slot goes to the next job while this one publishes its outcome.
				this.inFlight.remove(next);
				this.slots.release();
				fetching = false;
				if (outcome != null) {
					this.publisher.accept(outcome);
					finished = true;
				}
				else {
					// Aborted: finished when its batch was cancelled, to be fetched again when the worker is closing.
					finished = this.cancelled.isCancelled(next.batchId());
				}
			}
			catch (RuntimeException ex) {
				// NOTE: the job stays unacknowledged, so no later offset of its partition is committed until the
				// partition moves to another worker or this one restarts. Then the job is fetched again.
				logger.error("Job {} of batch {} is left for a later fetch: {}", next.job().jobId(), next.batchId(),
						ex.getMessage(), ex);
			}
			finally {
				if (fetching) {
					this.inFlight.remove(next);
					this.slots.release();
				}
				this.started.release();
				this.onFinished.accept(next, finished);
			}
		});
	}

	/** Skips the batch's queued jobs and aborts its fetches in flight. */
	private void cancelBatch(String batchId) {
		List<AcceptedJob> skipped = new ArrayList<>();
		this.queue.removeIf((job) -> job.batchId().equals(batchId) && skipped.add(job));
		skipped.forEach((job) -> this.onFinished.accept(job, true));
		resumeIfDrained();
		int aborted = 0;
		for (Map.Entry<AcceptedJob, PendingFetch> entry : this.inFlight.entrySet()) {
			if (entry.getKey().batchId().equals(batchId)) {
				entry.getValue().cancel();
				aborted++;
			}
		}
		if (!skipped.isEmpty() || aborted > 0) {
			logger.info("{} skipped {} queued jobs and aborted {} fetches of cancelled batch {}", this.name,
					skipped.size(), aborted, batchId);
		}
	}

	/**
	 * Stops dispatching, aborts the fetches in flight and drops the queue. Jobs that did not finish are not
	 * acknowledged, so the group hands them to another worker.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.dispatchThread.interrupt();
		this.queue.clear();
		this.inFlight.values().forEach(PendingFetch::cancel);
		this.fetchThreads.close();
	}

	private static final Intake NO_INTAKE = new Intake() {

		@Override
		public void pause() {
		}

		@Override
		public void resume() {
		}

		@Override
		public boolean isPaused() {
			return false;
		}

	};

}
