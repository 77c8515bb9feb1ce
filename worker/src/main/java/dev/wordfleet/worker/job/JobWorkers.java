package dev.wordfleet.worker.job;

import java.util.List;

import org.springframework.context.SmartLifecycle;

/**
 * The job workers of this process, started and stopped with the application context. Several workers in one process
 * behave like several worker processes: each is its own group member with its own fetch slots.
 */
public class JobWorkers implements SmartLifecycle {

	private final List<JobWorker> workers;

	private volatile boolean running;

	public JobWorkers(List<JobWorker> workers) {
		this.workers = List.copyOf(workers);
	}

	public List<JobWorker> workers() {
		return this.workers;
	}

	@Override
	public void start() {
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
