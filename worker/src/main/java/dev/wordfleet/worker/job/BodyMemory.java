package dev.wordfleet.worker.job;

import java.util.concurrent.Semaphore;

/**
 * The memory for bodies longer than {@link JobRunner#RECEIVED_BODY_LIMIT} that are read whole, so that they are
 * counted after their fetch slot is free. One instance serves every job of a process, so the chunks of such bodies
 * beyond their first {@value JobRunner#RECEIVED_BODY_LIMIT} bytes take at most its capacity in all, however many jobs
 * run. A body that finds too little memory left is counted while it arrives instead, with its fetch slot held.
 */
public final class BodyMemory {

	/** The maximum capacity that {@link #forMaxHeap(long)} returns, in bytes. */
	static final int MAX_CAPACITY = 64 * 1024 * 1024;

	private final int capacity;

	private final Semaphore free;

	/**
	 * @param capacity bytes that all reservations of this instance may take at once; 0 turns reading whole off for
	 * bodies longer than {@link JobRunner#RECEIVED_BODY_LIMIT}
	 */
	public BodyMemory(int capacity) {
		if (capacity < 0) {
			throw new IllegalArgumentException("capacity must be 0 or more, but was " + capacity);
		}
		this.capacity = capacity;
		this.free = new Semaphore(capacity);
	}

	/**
	 * Returns the memory for a heap of the given size: a sixteenth of it, and at most {@value #MAX_CAPACITY} bytes.
	 * @param maxHeap the maximum heap size in bytes, as {@link Runtime#maxMemory()} returns it
	 */
	public static BodyMemory forMaxHeap(long maxHeap) {
		return new BodyMemory((int) Math.clamp(maxHeap / 16, 0, MAX_CAPACITY));
	}

	/** Returns the bytes that all reservations may take at once. */
	public int capacity() {
		return this.capacity;
	}

	/** Returns the bytes that no reservation has taken. */
	public int available() {
		return this.free.availablePermits();
	}

	/** Returns an empty reservation for one body, to be closed when the body is counted or given up. */
	Reservation reserve() {
		return new Reservation();
	}

	/** The bytes reserved for one body, used by the thread of the job that reads the body. */
	final class Reservation implements AutoCloseable {

		private int reserved;

		private Reservation() {
		}

		/**
		 * Reserves more bytes without waiting, if that many are free.
		 * @param bytes the bytes to reserve
		 * @return whether they were reserved
		 */
		boolean tryReserve(int bytes) {
			if (!BodyMemory.this.free.tryAcquire(bytes)) {
				return false;
			}
			this.reserved += bytes;
			return true;
		}

		/**
		 * Releases bytes reserved before and no longer needed.
		 * @param bytes the bytes to release, at most those reserved
		 */
		void release(int bytes) {
			if (bytes < 0 || bytes > this.reserved) {
				throw new IllegalArgumentException("bytes must be 0 to " + this.reserved + ", but was " + bytes);
			}
			this.reserved -= bytes;
			BodyMemory.this.free.release(bytes);
		}

		/** Returns the bytes reserved. */
		int reserved() {
			return this.reserved;
		}

		/** Releases every byte reserved. Closing it again does nothing. */
		@Override
		public void close() {
			release(this.reserved);
		}

	}

}
