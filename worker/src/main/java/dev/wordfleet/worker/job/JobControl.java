package dev.wordfleet.worker.job;

import java.time.Duration;

import dev.wordfleet.worker.fetch.PendingFetch;
import dev.wordfleet.worker.fetch.RequestGate;

/**
 * Services that the dispatcher provides to a running job: a fetch slot for each request, a wait before a retry that
 * takes no slot, and whether the job has been cancelled.
 */
interface JobControl {

	/**
	 * Returns whether the job was cancelled, because its batch was or because the worker is closing.
	 * @return {@code true} once cancelled
	 */
	boolean isCancelled();

	/**
	 * Makes a cancel of the job abort this fetch. A fetch registered after the cancel is aborted at once.
	 * @param fetch the job's current fetch
	 */
	void track(PendingFetch fetch);

	/**
	 * Returns the job's place in the order of arrival. Waiting jobs take the slots of their host and the worker's fetch
	 * slots in this order, so a job back from a wait before a retry goes ahead of the jobs that arrived after it.
	 * @return the job's ticket, lower for jobs that arrived earlier
	 */
	long ticket();

	/**
	 * Takes one of the worker's fetch slots, waiting while all are taken.
	 * @return the permit that frees the slot when closed
	 * @throws InterruptedException if the job was cancelled while waiting
	 */
	RequestGate.Permit takeSlot() throws InterruptedException;

	/**
	 * Waits before a retry, holding no fetch slot and not counting against the jobs that the worker runs at once.
	 * @param delay how long to wait
	 * @return {@code true} to retry, {@code false} if the job was cancelled meanwhile
	 */
	boolean awaitRetry(Duration delay);

}
