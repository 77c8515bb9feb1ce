package dev.wordfleet.worker.job;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.wordfleet.worker.fetch.RequestGate;
import dev.wordfleet.worker.politeness.OrderedSlots;

/**
 * The fetch slots of one worker. Waiting jobs get a free slot in the order of their tickets, which the dispatcher
 * hands out in the order jobs arrive, rather than in the order they started waiting. Jobs that waited together for
 * their host or for robots.txt would otherwise take the slots in a random order, and the oldest job could wait for
 * many younger ones.
 */
final class FetchSlots {

	private final OrderedSlots slots;

	FetchSlots(int total) {
		this.slots = new OrderedSlots(total);
	}

	/**
	 * Takes a slot, waiting while all are taken or a job with a lower ticket waits for one.
	 * @param ticket the job's place in the order of arrival
	 * @return the permit that frees the slot when closed; closing it again does nothing
	 * @throws InterruptedException if the thread was interrupted while waiting; no slot is taken then
	 */
	RequestGate.Permit acquire(long ticket) throws InterruptedException {
		this.slots.acquire(ticket);
		AtomicBoolean released = new AtomicBoolean();
		return () -> {
			if (released.compareAndSet(false, true)) {
				this.slots.release();
			}
		};
	}

	/** Returns the number of slots taken now. */
	int taken() {
		return this.slots.taken();
	}

	/** Returns the highest number of slots that were taken at once. */
	int maxTaken() {
		return this.slots.maxTaken();
	}

}
