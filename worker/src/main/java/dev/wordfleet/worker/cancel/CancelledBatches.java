package dev.wordfleet.worker.cancel;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wordfleet.protocol.CancelBatch;

/**
 * The batches this worker process received a cancel for, shared by all its job workers. A job of a cancelled batch
 * is never fetched, and listeners registered here abort the fetches already in flight.
 */
public class CancelledBatches {

	private static final Logger logger = LoggerFactory.getLogger(CancelledBatches.class);

	// NOTE: ids are kept for the life of the process; a cancel costs one map entry, so a worker that receives
	// millions of cancelled batches would want an expiring cache here.
	private final Map<String, Instant> cancelledAt = new ConcurrentHashMap<>();

	private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

	private final Clock clock;

	public CancelledBatches(Clock clock) {
		this.clock = clock;
	}

	/** Registers a callback that receives the id of each newly cancelled batch, on the thread that read the cancel. */
	public void addListener(Consumer<String> listener) {
		this.listeners.add(listener);
	}

	/** Marks a batch cancelled and notifies the listeners, once per batch. */
	public void cancel(CancelBatch cancel) {
		cancel(cancel, false);
	}

	/**
	 * Marks a batch cancelled whose cancel was published before this process started, and notifies the listeners,
	 * once per batch. Such a cancel is logged at DEBUG only, because every start reads the cancels topic again.
	 */
	public void cancelEarlier(CancelBatch cancel) {
		cancel(cancel, true);
	}

	private void cancel(CancelBatch cancel, boolean earlier) {
		Instant now = this.clock.instant();
		if (this.cancelledAt.putIfAbsent(cancel.batchId(), now) != null) {
			return;
		}
		if (earlier) {
			logger.debug("Batch {} was cancelled before this worker started: {}", cancel.batchId(), cancel.reason());
		}
		else {
			logger.info("Cancelling batch {}: {}", cancel.batchId(), cancel.reason());
		}
		for (Consumer<String> listener : this.listeners) {
			listener.accept(cancel.batchId());
		}
	}

	public boolean isCancelled(String batchId) {
		return this.cancelledAt.containsKey(batchId);
	}

	/** Returns when this process read the batch's cancel, or empty when it has not. */
	public Optional<Instant> cancelledAt(String batchId) {
		return Optional.ofNullable(this.cancelledAt.get(batchId));
	}

}
