package dev.wordfleet.standalone.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.aggregator.batch.BatchTracker;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.standalone.fleet.LocalFleet;

/**
 * The handling of a JVM stop before the batch of {@code wordfleet run} ends, as on Ctrl-C or SIGTERM. A publication in
 * progress may finish first, so that its transaction commits instead of staying open on the cluster. Then the batch is
 * cancelled, the progress bar ends, and one line reports how far the run got, whatever phase the signal came in.
 * <p>
 * The command's thread goes through {@link #publish} and {@link #openDisplay}, and stops quietly once
 * {@link #happened()} is true. The shutdown side runs {@link #fleetNotStarted()} from a JVM shutdown hook until the
 * fleet has started, and {@link #stopFleet(LocalFleet)} as the fleet's first shutdown action afterwards.
 */
final class RunInterruption {

	/** The reason a batch cancelled by an interrupt gives in its final report. */
	private static final String REASON = "the wordfleet run that submitted it was interrupted";

	/** The maximum wait for a publication in progress to commit before the fleet stops. */
	private static final Duration PUBLISH_WAIT = Duration.ofSeconds(30);

	/** The maximum wait for the aggregator to read a batch just published, so that it can cancel the batch. */
	private static final Duration AGGREGATOR_WAIT = Duration.ofSeconds(10);

	private static final Duration AGGREGATOR_POLL = Duration.ofMillis(20);

	private final PrintWriter err;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition publicationEnded = this.lock.newCondition();

	private volatile boolean happened;

	private boolean fleetStarted;

	private boolean completed;

	private boolean publishing;

	private @Nullable BatchSubmitted batch;

	private @Nullable ProgressDisplay display;

	/**
	 * @param err where the line about the interrupt goes
	 */
	RunInterruption(PrintWriter err) {
		this.err = err;
	}

	/** Returns whether the JVM began to stop before the batch ended. */
	boolean happened() {
		return this.happened;
	}

	/** Records that the fleet has started, after which {@link #stopFleet(LocalFleet)} reports any interrupt. */
	void fleetStarted() {
		this.lock.lock();
		try {
			this.fleetStarted = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Records that the batch completed and its result is about to be printed, unless the run was interrupted first.
	 * An interrupt afterwards reports nothing.
	 * @return false when the run was interrupted, so the result is not printed
	 */
	boolean complete() {
		this.lock.lock();
		try {
			this.completed = !this.happened;
			return this.completed;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Publishes the batch, unless the run was interrupted before.
	 * @throws IllegalStateException when the run was interrupted before the publication began
	 */
	BatchSubmitted publish(Supplier<BatchSubmitted> publication) {
		this.lock.lock();
		try {
			if (this.happened) {
				throw new IllegalStateException("interrupted before the batch was published");
			}
			this.publishing = true;
		}
		finally {
			this.lock.unlock();
		}
		BatchSubmitted published = null;
		try {
			published = publication.get();
			return published;
		}
		finally {
			this.lock.lock();
			try {
				this.batch = published;
				this.publishing = false;
				this.publicationEnded.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/** Opens the progress display, or a hidden one once the run was interrupted, so no bar follows the last line. */
	ProgressDisplay openDisplay(Supplier<ProgressDisplay> opening) {
		this.lock.lock();
		try {
			if (this.happened) {
				return ProgressDisplay.open(ProgressDisplay.When.NEVER, 0, System.nanoTime(), this.err);
			}
			this.display = opening.get();
			return this.display;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Reports an interrupt that came before the fleet had started; does nothing once it has started. */
	void fleetNotStarted() {
		this.lock.lock();
		try {
			if (this.fleetStarted || this.happened) {
				return;
			}
			this.happened = true;
			report("interrupted before the batch was submitted");
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for a publication in progress, cancels the batch if there is one and reports how far it got. Runs before
	 * the fleet's roles stop.
	 */
	void stopFleet(LocalFleet fleet) {
		this.lock.lock();
		try {
			if (this.happened || this.completed) {
				return;
			}
			this.happened = true;
			if (!awaitPublication()) {
				report("interrupted while the batch was being published");
				return;
			}
			BatchSubmitted published = this.batch;
			if (published == null) {
				report("interrupted before the batch was submitted");
				return;
			}
			report("interrupted; batch " + published.batchId() + " " + cancel(fleet, published));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits, without holding this object's lock meanwhile, until no publication is in progress. Returns false if one
	 * still is. The fleet's own lock stays held, so the fleet stops only after this wait.
	 */
	private boolean awaitPublication() {
		long remaining = PUBLISH_WAIT.toNanos();
		try {
			while (this.publishing && remaining > 0) {
				remaining = this.publicationEnded.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return !this.publishing;
	}

	/**
	 * Cancels the batch through the fleet's aggregator, which may take up to {@link #AGGREGATOR_WAIT} to read a batch
	 * that was just published, and returns what became of it.
	 */
	private static String cancel(LocalFleet fleet, BatchSubmitted batch) {
		BatchTracker tracker = fleet.tracker();
		String batchId = batch.batchId();
		long deadline = System.nanoTime() + AGGREGATOR_WAIT.toNanos();
		try {
			while (true) {
				Optional<BatchProgress> known = tracker.progress(batchId);
				if (known.isPresent() && known.get().status().isFinal()) {
					return "had already ended: " + known.get().status().name().toLowerCase(Locale.ROOT);
				}
				if (known.isPresent()) {
					BatchProgress progress = tracker.cancel(batchId, REASON).orElseThrow();
					return "cancelled after " + progress.done() + " of " + batch.urlCount() + " URLs were counted ("
							+ progress.failed() + " failed)";
				}
				if (System.nanoTime() >= deadline) {
					return "was not cancelled: the aggregator did not read it within " + AGGREGATOR_WAIT.toSeconds()
							+ " s";
				}
				Thread.sleep(AGGREGATOR_POLL);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "was not cancelled: interrupted while waiting for the aggregator";
		}
		catch (RuntimeException ex) {
			// Such as a batch that ended between the check and the cancel, or a cancel that could not be published.
			return "was not cancelled: " + ex.getMessage();
		}
	}

	/**
	 * Ends the progress bar, which leaves its line complete, or else starts a new line after the terminal's echo of
	 * Ctrl-C when standard error is a terminal, and prints the line.
	 */
	private void report(String message) {
		ProgressDisplay bar = this.display;
		if (bar != null && bar.isShown()) {
			bar.close();
		}
		else if (ProgressDisplay.shows(ProgressDisplay.When.AUTO)) {
			this.err.println();
		}
		this.err.println("wordfleet: " + message);
		this.err.flush();
	}

}
