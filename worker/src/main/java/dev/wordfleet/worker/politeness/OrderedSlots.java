package dev.wordfleet.worker.politeness;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed number of slots that waiting callers take in the order of their tickets, lowest first, rather than in the
 * order they began to wait. Callers with equal tickets take them in the order they began to wait.
 * <p>
 * Jobs get their tickets in the order they arrive. A job that comes back from a wait elsewhere, such as robots.txt or
 * the delay before a retry, thus goes ahead of the jobs that arrived after it instead of queueing behind all of them.
 * <p>
 * A waiting caller parks on a {@link Condition} of a {@link ReentrantLock}, which suits virtual threads. Instances are
 * thread-safe.
 */
public final class OrderedSlots {

	private final int total;

	private final ReentrantLock lock = new ReentrantLock();

	private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(
			Comparator.comparingLong(Waiter::ticket).thenComparingLong(Waiter::arrival));

	/** Free slots; guarded by {@link #lock}. */
	private int free;

	/** The highest number of slots taken at once; guarded by {@link #lock}. */
	private int maxTaken;

	/** The arrival number of the next waiter; guarded by {@link #lock}. */
	private long nextArrival;

	/**
	 * @param total the number of slots, 1 or more
	 */
	public OrderedSlots(int total) {
		if (total < 1) {
			throw new IllegalArgumentException("total must be 1 or more, but was " + total);
		}
		this.total = total;
		this.free = total;
	}

	/**
	 * Takes a slot, waiting while none is free or a caller with a lower ticket waits for one.
	 * @param ticket the caller's place in line
	 * @throws InterruptedException if the thread was interrupted while waiting; no slot is taken then
	 */
	public void acquire(long ticket) throws InterruptedException {
		take(ticket, false, 0);
	}

	/**
	 * Takes a slot as {@link #acquire} does, but waits at most the given time.
	 * @param ticket the caller's place in line
	 * @param timeoutNanos the longest wait, in nanoseconds
	 * @return {@code true} when a slot was taken, {@code false} when the time ran out first and none was taken
	 * @throws InterruptedException if the thread was interrupted while waiting; no slot is taken then
	 */
	public boolean tryAcquire(long ticket, long timeoutNanos) throws InterruptedException {
		return take(ticket, true, timeoutNanos);
	}

	/** Frees a slot taken before, and wakes the first waiter. */
	public void release() {
		this.lock.lock();
		try {
			if (this.free == this.total) {
				throw new IllegalStateException("released more slots than were taken, of " + this.total);
			}
			this.free++;
			signalNext();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Returns the number of slots taken now. */
	public int taken() {
		this.lock.lock();
		try {
			return this.total - this.free;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Returns the highest number of slots that were taken at once. */
	public int maxTaken() {
		this.lock.lock();
		try {
			return this.maxTaken;
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean take(long ticket, boolean timed, long timeoutNanos) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			Waiter self = new Waiter(ticket, this.nextArrival++, this.lock.newCondition());
			this.waiters.add(self);
			long remaining = timeoutNanos;
			try {
				while (this.free == 0 || this.waiters.peek() != self) {
					if (!timed) {
						self.turn().await();
					}
					else if (remaining > 0) {
						remaining = self.turn().awaitNanos(remaining);
					}
					else {
						leaveLine(self);
						return false;
					}
				}
			}
			catch (InterruptedException ex) {
				leaveLine(self);
				throw ex;
			}
			this.waiters.poll();
			this.free--;
			this.maxTaken = Math.max(this.maxTaken, this.total - this.free);
			signalNext();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Removes a waiter that gives up, and wakes the next one in its place; called with the lock held. */
	private void leaveLine(Waiter waiter) {
		this.waiters.remove(waiter);
		signalNext();
	}

	/** Wakes the first waiter when a slot is free; called with the lock held. */
	private void signalNext() {
		Waiter next = this.waiters.peek();
		if (next != null && this.free > 0) {
			next.turn().signal();
		}
	}

	private record Waiter(long ticket, long arrival, Condition turn) {
	}

}
