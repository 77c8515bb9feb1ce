package dev.wordfleet.standalone.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The phases of {@link RunInterruption} before a batch exists: each interrupt is reported once, and a publication in
 * progress ends before the report.
 */
class RunInterruptionTest {

	private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);

	private final StringWriter err = new StringWriter();

	private final RunInterruption interruption = new RunInterruption(new PrintWriter(this.err, true));

	/** A thread per task: the common pool may have a single thread, which a blocked publication would take. */
	private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory());

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void interruptDuringStartIsReported() {
		this.interruption.fleetNotStarted();

		assertThat(this.interruption.happened()).isTrue();
		assertThat(this.err.toString()).containsOnlyOnce("wordfleet: interrupted")
			.endsWith("wordfleet: interrupted before the batch was submitted" + System.lineSeparator());
		assertThatIllegalStateException().isThrownBy(() -> this.interruption.publish(() -> {
			throw new AssertionError("published after the interrupt");
		}));
	}

	@Test
	void startNoticeSilentOnceFleetStarted() {
		this.interruption.fleetStarted();
		this.interruption.fleetNotStarted();

		assertThat(this.interruption.happened()).isFalse();
		assertThat(this.err.toString()).isEmpty();
	}

	@Test
	void secondInterruptReportsNothing() {
		this.interruption.fleetNotStarted();
		this.interruption.stopFleet(null);

		assertThat(this.err.toString()).containsOnlyOnce("wordfleet: interrupted");
	}

	@Test
	void stopWaitsForPublication() throws Exception {
		this.interruption.fleetStarted();
		CountDownLatch publishing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Void> publication = CompletableFuture.runAsync(() -> this.interruption.publish(() -> {
			publishing.countDown();
			await(release);
			throw new IllegalStateException("the publication failed");
		}), this.threads);
		assertThat(publishing.await(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

		Thread stop = Thread.ofPlatform().start(() -> this.interruption.stopFleet(null));
		long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
		while (stop.getState() != Thread.State.TIMED_WAITING && stop.isAlive() && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(stop.getState()).as("stop while the publication runs").isEqualTo(Thread.State.TIMED_WAITING);
		assertThat(this.err.toString()).isEmpty();

		release.countDown();
		assertThat(stop.join(WAIT_LIMIT)).as("stop after the publication").isTrue();
		assertThat(publication).failsWithin(WAIT_LIMIT);
		assertThat(this.err.toString()).contains("wordfleet: interrupted before the batch was submitted");
	}

	@Test
	void interruptAfterCompletionReportsNothing() {
		this.interruption.fleetStarted();
		assertThat(this.interruption.complete()).isTrue();

		this.interruption.stopFleet(null);

		assertThat(this.err.toString()).isEmpty();
	}

	@Test
	void completionAfterInterruptIsRefused() {
		this.interruption.fleetNotStarted();

		assertThat(this.interruption.complete()).isFalse();
	}

	@Test
	void displayOpenedAfterInterruptIsHidden() {
		this.interruption.fleetNotStarted();

		ProgressDisplay display = this.interruption.openDisplay(() -> {
			throw new AssertionError("opened after the interrupt");
		});

		assertThat(display.isShown()).isFalse();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
