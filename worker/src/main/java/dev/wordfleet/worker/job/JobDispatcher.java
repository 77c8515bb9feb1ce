package dev.wordfleet.worker.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.worker.cancel.CancelledBatches;
import dev.wordfleet.worker.fetch.PendingFetch;
import dev.wordfleet.worker.fetch.RequestGate;

/**
 * The bounded pool of one worker. Jobs wait in a queue and then run each on its own virtual thread, and at most
 * {@code concurrency} requests are in flight at once: a job takes a fetch slot only for the time of a request, after
 * robots.txt and the host's limiter have let it through, and gives it back before it publishes its outcome or waits
 * to retry.
 *
 * <p>The consumer never blocks on a full pool. When the queue fills up, or too many jobs wait to retry, the
 * dispatcher pauses the consumer, which keeps polling, so the worker keeps its group membership however long fetches
 * take. The consumer resumes once the queue has drained to half.
 */
final class JobDispatcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(JobDispatcher.class);

	/** Jobs running at once, as a multiple of the concurrency: waiting for a host, fetching or publishing. */
	private static final int RUNNING_PER_SLOT = 8;

	/** Jobs waiting to retry, as a multiple of the concurrency, above which the consumer pauses. */
	private static final int RETRY_WAITS_PER_SLOT = 8;

	/** Pauses and resumes the consumer that feeds the dispatcher. */
	interface Intake {

		void pause();

		void resume();

		boolean isPaused();

	}

	private final String name;

	private final int concurrency;

	/** Requests in flight, granted in the order that jobs arrived. */
	private final FetchSlots slots;

	/** The next job's place in the order of arrival. */
	private long nextTicket;

	/**
	 * Jobs started and not finished, apart from those waiting to retry, so that slow hosts or slow publishing cannot
	 * pile up work without bound.
	 */
	private final Semaphore running;

	private final int maxRetryWaits;

	private final BlockingQueue<AcceptedJob> queue = new LinkedBlockingQueue<>();

	private final Set<JobTask> tasks = ConcurrentHashMap.newKeySet();

	private final AtomicInteger retryWaits = new AtomicInteger();

	private final JobRunner runner;

	private final Consumer<JobOutcome> publisher;

	private final CancelledBatches cancelled;

	private final BiConsumer<AcceptedJob, Boolean> onFinished;

	private final ExecutorService jobThreads = Executors.newVirtualThreadPerTaskExecutor();

	private volatile Intake intake = NO_INTAKE;

	private volatile boolean closed;

	private final Thread dispatchThread;

	/**
	 * @param name worker name, for logs and thread names
	 * @param concurrency maximum number of requests in flight
	 * @param publisher stores a job's outcome, returning once it is stored and throwing when it could not be
	 * @param onFinished called once per job when it no longer needs processing, with {@code true} when it was
	 * finished (outcome published, or skipped because its batch was cancelled) and {@code false} when its outcome could
	 * not be published, so it must not be acknowledged
	 */
	JobDispatcher(String name, int concurrency, JobRunner runner, Consumer<JobOutcome> publisher,
			CancelledBatches cancelled, BiConsumer<AcceptedJob, Boolean> onFinished) {
		if (concurrency < 1) {
			throw new IllegalArgumentException("concurrency must be 1 or more, but was " + concurrency);
		}
		this.name = name;
		this.concurrency = concurrency;
		this.slots = new FetchSlots(concurrency);
		this.running = new Semaphore(RUNNING_PER_SLOT * concurrency);
		this.maxRetryWaits = RETRY_WAITS_PER_SLOT * concurrency;
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
		if (isFull() && !this.intake.isPaused()) {
			this.intake.pause();
		}
	}

	/**
	 * Drops the queued jobs of partitions this worker lost and cancels their running ones; their new owner fetches
	 * them. A cancelled job is not acknowledged, unless it was already publishing its outcome.
	 */
	void dropPartitions(Collection<TopicPartition> revoked) {
		this.queue.removeIf((job) -> revoked.contains(job.partition()));
		for (JobTask task : this.tasks) {
			if (revoked.contains(task.job.partition())) {
				task.cancel();
			}
		}
		resumeIfDrained();
	}

	/** Returns the number of requests in flight. */
	int inFlight() {
		return this.slots.taken();
	}

	int queued() {
		return this.queue.size();
	}

	/** Returns the number of jobs waiting to retry. */
	int retryWaits() {
		return this.retryWaits.get();
	}

	/** Returns the highest number of requests that were in flight at once. */
	int maxInFlight() {
		return this.slots.maxTaken();
	}

	private void dispatch() {
		logger.debug("{} dispatching with {} fetch slots", this.name, this.concurrency);
		try {
			while (!this.closed) {
				this.running.acquire();
				resumeIfDrained();
				AcceptedJob next = this.queue.take();
				resumeIfDrained();
				if (this.cancelled.isCancelled(next.batchId())) {
					this.running.release();
					this.onFinished.accept(next, true);
					continue;
				}
				JobTask task = new JobTask(next, this.nextTicket++);
				this.tasks.add(task);
				if (this.closed || this.cancelled.isCancelled(next.batchId())) {
					task.cancel();
				}
				this.jobThreads.execute(task::run);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Returns whether the consumer should pause: when at least {@code concurrency} queued jobs cannot start because
	 * the running ones fill their limit, or too many jobs wait to retry. Queued jobs that can start at once do not
	 * count, so that a poll's records, which arrive all at once, do not pause the consumer by themselves: a pause
	 * costs a poll cycle.
	 */
	private boolean isFull() {
		return backlog() >= this.concurrency || this.retryWaits.get() >= this.maxRetryWaits;
	}

	/** Returns the number of queued jobs that cannot start now, because the running jobs fill their limit. */
	private int backlog() {
		return this.queue.size() - this.running.availablePermits();
	}

	/**
	 * Resumes the consumer once the backlog has drained to half and few enough jobs wait to retry. Called wherever
	 * either shrinks: a paused consumer with an empty queue would otherwise wait forever.
	 */
	private void resumeIfDrained() {
		if (this.intake.isPaused() && backlog() <= this.concurrency / 2
				&& this.retryWaits.get() < this.maxRetryWaits) {
			this.intake.resume();
		}
	}

	/** Skips the batch's queued jobs and cancels its running ones: fetches are aborted and waits end. */
	private void cancelBatch(String batchId) {
		List<AcceptedJob> skipped = new ArrayList<>();
		this.queue.removeIf((job) -> job.batchId().equals(batchId) && skipped.add(job));
		skipped.forEach((job) -> this.onFinished.accept(job, true));
		resumeIfDrained();
		int aborted = 0;
		for (JobTask task : this.tasks) {
			if (task.job.batchId().equals(batchId)) {
				task.cancel();
				aborted++;
			}
		}
		if (!skipped.isEmpty() || aborted > 0) {
			logger.info("{} skipped {} queued jobs and cancelled {} running jobs of cancelled batch {}", this.name,
					skipped.size(), aborted, batchId);
		}
	}

	/**
	 * Stops dispatching, cancels the running jobs and drops the queue. Jobs that did not finish are not
	 * acknowledged, so the group hands them to another worker.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.dispatchThread.interrupt();
		this.queue.clear();
		this.tasks.forEach(JobTask::cancel);
		this.jobThreads.close();
	}

	/** One accepted job on its virtual thread, from its first request to its published outcome. */
	private final class JobTask implements JobControl {

		private final AcceptedJob job;

		private final long ticket;

		private final AtomicReference<@Nullable PendingFetch> fetch = new AtomicReference<>();

		/** The task's thread while a cancel may interrupt it, or {@code null}; guarded by {@link #interruptLock}. */
		private @Nullable Thread thread;

		private final ReentrantLock interruptLock = new ReentrantLock();

		private volatile boolean cancelled;

		/** Whether the task holds a {@link #running} permit; read and written only by the task's thread. */
		private boolean holdsRunning = true;

		JobTask(AcceptedJob job, long ticket) {
			this.job = job;
			this.ticket = ticket;
		}

		void run() {
			setThread(Thread.currentThread());
			boolean finished = false;
			try {
				JobOutcome outcome = this.cancelled ? null : JobDispatcher.this.runner.run(this.job.job(), this);
				// From here on a cancel interrupts nothing, so that publishing and acknowledging run undisturbed.
				setThread(null);
				Thread.interrupted();
				if (outcome != null && !this.cancelled) {
					JobDispatcher.this.publisher.accept(outcome);
					finished = true;
				}
				else {
					// Cancelled: finished when its batch was, to be fetched again when the worker is closing.
					finished = batchCancelled();
				}
			}
			catch (Exception ex) {
				// Exception rather than RuntimeException: Kotlin libraries such as OkHttp can throw checked
				// exceptions that their signatures do not declare.
				if (batchCancelled()) {
					finished = true;
				}
				else {
					// NOTE: the job stays unacknowledged, so no later offset of its partition is committed until the
					// partition moves to another worker or this one restarts. Then the job is fetched again.
					logger.error("Job {} of batch {} is left for a later fetch: {}", this.job.job().jobId(),
							this.job.batchId(), ex.getMessage(), ex);
				}
			}
			finally {
				setThread(null);
				Thread.interrupted();
				JobDispatcher.this.tasks.remove(this);
				if (this.holdsRunning) {
					JobDispatcher.this.running.release();
					resumeIfDrained();
				}
				JobDispatcher.this.onFinished.accept(this.job, finished);
			}
		}

		private void setThread(@Nullable Thread thread) {
			this.interruptLock.lock();
			try {
				this.thread = thread;
			}
			finally {
				this.interruptLock.unlock();
			}
		}

		private boolean batchCancelled() {
			return JobDispatcher.this.cancelled.isCancelled(this.job.batchId());
		}

		/** Aborts the current fetch and wakes the task from any wait. */
		void cancel() {
			this.cancelled = true;
			PendingFetch current = this.fetch.get();
			if (current != null) {
				current.cancel();
			}
			// The lock keeps the interrupt from landing after the task stopped accepting interrupts.
			this.interruptLock.lock();
			try {
				if (this.thread != null) {
					this.thread.interrupt();
				}
			}
			finally {
				this.interruptLock.unlock();
			}
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public void track(PendingFetch fetch) {
			this.fetch.set(fetch);
			// Setting the fetch before reading the flag pairs with cancel(), which sets the flag before reading the
			// fetch, so a concurrent cancel is never lost.
			if (this.cancelled) {
				fetch.cancel();
			}
		}

		@Override
		public long ticket() {
			return this.ticket;
		}

		@Override
		public RequestGate.Permit takeSlot() throws InterruptedException {
			return JobDispatcher.this.slots.acquire(this.ticket);
		}

		@Override
		public boolean awaitRetry(Duration delay) {
			JobDispatcher.this.running.release();
			this.holdsRunning = false;
			JobDispatcher.this.retryWaits.incrementAndGet();
			try {
				if (isFull() && !JobDispatcher.this.intake.isPaused()) {
					JobDispatcher.this.intake.pause();
				}
				Thread.sleep(delay);
				if (this.cancelled) {
					return false;
				}
			}
			catch (InterruptedException ex) {
				return false;
			}
			finally {
				JobDispatcher.this.retryWaits.decrementAndGet();
				resumeIfDrained();
			}
			try {
				JobDispatcher.this.running.acquire();
				this.holdsRunning = true;
				return !this.cancelled;
			}
			catch (InterruptedException ex) {
				return false;
			}
		}

	}

	private static final NoIntake NO_INTAKE = new NoIntake();

	private static final class NoIntake implements Intake {

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

	}

}
