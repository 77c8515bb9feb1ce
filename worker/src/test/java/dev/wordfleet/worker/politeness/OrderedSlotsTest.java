package dev.wordfleet.worker.politeness;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class OrderedSlotsTest {

	private final OrderedSlots slots = new OrderedSlots(1);

	private final List<Long> granted = new CopyOnWriteArrayList<>();

	@Test
	void equalTicketsGoInArrivalOrder() throws InterruptedException {
		this.slots.acquire(0);
		Thread first = waitFor(7);
		awaitWaiting(first);
		Thread second = waitFor(7);
		awaitWaiting(second);
		Thread lower = waitFor(2);
		awaitWaiting(lower);

		this.slots.release();
		joinAll(first, second, lower);

		assertThat(this.granted).containsExactly(2L, 7L, 7L);
		assertThat(this.slots.taken()).isZero();
	}

	@Test
	void timedWaitGivesUpWithoutSlot() throws InterruptedException {
		this.slots.acquire(0);

		long start = System.nanoTime();
		boolean acquired = this.slots.tryAcquire(1, Duration.ofMillis(200).toNanos());

		assertThat(acquired).isFalse();
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
		assertThat(this.slots.taken()).isEqualTo(1);
	}

	@Test
	void waiterGivingUpLetsNextIn() throws InterruptedException {
		this.slots.acquire(0);
		Thread later = waitFor(5);
		awaitWaiting(later);

		// A lower ticket that gives up must not leave the waiter behind it asleep.
		assertThat(this.slots.tryAcquire(1, Duration.ofMillis(100).toNanos())).isFalse();
		this.slots.release();
		joinAll(later);

		assertThat(this.granted).containsExactly(5L);
	}

	@Test
	void timedWaitTakesFreedSlot() throws InterruptedException {
		this.slots.acquire(0);
		Thread releaser = Thread.ofPlatform().start(() -> {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.slots.release();
		});

		boolean acquired = this.slots.tryAcquire(1, Duration.ofSeconds(10).toNanos());
		releaser.join(Duration.ofSeconds(5));

		assertThat(acquired).isTrue();
		assertThat(this.slots.maxTaken()).isEqualTo(1);
	}

	@Test
	void releaseWithoutTakeIsRejected() {
		assertThatIllegalStateException().isThrownBy(this.slots::release).withMessageContaining("released more");
	}

	@Test
	void zeroSlotsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new OrderedSlots(0)).withMessageContaining("was 0");
	}

	/** Starts a thread that takes a slot with the ticket, records the grant and frees the slot at once. */
	private Thread waitFor(long ticket) {
		return Thread.ofPlatform().start(() -> {
			try {
				this.slots.acquire(ticket);
				this.granted.add(ticket);
				this.slots.release();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	private static void awaitWaiting(Thread thread) {
		await().atMost(Duration.ofSeconds(5)).until(() -> thread.getState() == Thread.State.WAITING);
	}

	private static void joinAll(Thread... threads) throws InterruptedException {
		for (Thread thread : threads) {
			thread.join(Duration.ofSeconds(5));
		}
	}

}
