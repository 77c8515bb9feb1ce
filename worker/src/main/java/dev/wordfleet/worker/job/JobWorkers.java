package dev.wordfleet.worker.job;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * The job workers of this process, started and stopped with the application context. Several workers in one process
 * behave like several worker processes: each is its own group member with its own fetch slots. With a warm-up, the
 * workers join their group once it is done.
 */
public class JobWorkers implements SmartLifecycle {

	private final List<JobWorker> workers;

	private final @Nullable JobWarmUp warmUp;

	private volatile boolean running;

	/**
	 * @param workers the workers
	 * @param warmUp runs before the workers start, or {@code null} for none
	 */
	public JobWorkers(List<JobWorker> workers, @Nullable JobWarmUp warmUp) {
		this.workers = List.copyOf(workers);
		this.warmUp = warmUp;
	}

	public List<JobWorker> workers() {
		return this.workers;
	}

	@Override
	public void start() {
		if (this.warmUp != null) {
			this.warmUp.run();
		}
		this.workers.forEach(JobWorker::start);
		this.running = true;
	}

	@Override
	public void stop() {
		this.workers.parallelStream().forEach(JobWorker::stop);
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
