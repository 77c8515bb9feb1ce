package dev.wordfleet.worker.job;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.wordfleet.worker.fetch.RequestGate;

/**
 * The fetch slots of one worker. Waiting jobs get a free slot in the order of their tickets, which the dispatcher
 * hands out in the order jobs arrive, rather than in the order they started waiting. Jobs that waited together for
 * their host or for robots.txt would otherwise take the slots in a random order, and the oldest job could wait for
 * many younger ones.
 */
final class FetchSlots {

	private final int total;

	private final ReentrantLock lock = new ReentrantLock();

	private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(Comparator.comparingLong(Waiter::ticket));

	/** Free slots; guarded by {@link #lock}. */
	private int free;

	/** The highest number of slots taken at once; guarded by {@link #lock}. */
	private int maxTaken;

	FetchSlots(int total) {
		this.total = total;
		this.free = total;
	}

	/**
	 * Takes a slot, waiting while all are taken or a job with a lower ticket waits for one.
	 * @param ticket the job's place in the order of arrival
	 * @return the permit that frees the slot when closed; closing it again does nothing
	 * @throws InterruptedException if the thread was interrupted while waiting; no slot is taken then
	 */
	RequestGate.Permit acquire(long ticket) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			Waiter self = new Waiter(ticket, this.lock.newCondition());
			this.waiters.add(self);
			try {
				while (this.free == 0 || this.waiters.peek() != self) {
					self.turn().await();
				}
			}
			catch (InterruptedException ex) {
				this.waiters.remove(self);
				signalNext();
				throw ex;
			}
			this.waiters.poll();
			this.free--;
			this.maxTaken = Math.max(this.maxTaken, this.total - this.free);
			signalNext();
		}
		finally {
			this.lock.unlock();
		}
		AtomicBoolean released = new AtomicBoolean();
		return () -> {
			if (released.compareAndSet(false, true)) {
				release();
			}
		};
	}

	/** Returns the number of slots taken now. */
	int taken() {
		this.lock.lock();
		try {
			return this.total - this.free;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Returns the highest number of slots that were taken at once. */
	int maxTaken() {
		this.lock.lock();
		try {
			return this.maxTaken;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void release() {
		this.lock.lock();
		try {
			this.free++;
			signalNext();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Wakes the first waiter when a slot is free; called with the lock held. */
	private void signalNext() {
		Waiter next = this.waiters.peek();
		if (next != null && this.free > 0) {
			next.turn().signal();
		}
	}

	private record Waiter(long ticket, Condition turn) {
	}

}
