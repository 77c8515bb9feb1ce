package dev.wordfleet.worker.job;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.wordfleet.worker.fetch.RequestGate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FetchSlotsTest {

	private final FetchSlots slots = new FetchSlots(1);

	private final List<Long> granted = new CopyOnWriteArrayList<>();

	@Test
	void freedSlotGoesToTheLowestTicketWaiting() throws InterruptedException {
		RequestGate.Permit first = this.slots.acquire(0);
		List<Thread> waiters = List.of(waitFor(5), waitFor(3), waitFor(4));
		await().atMost(Duration.ofSeconds(5)).until(() -> waiters.stream().allMatch(
				(thread) -> thread.getState() == Thread.State.WAITING));

		first.close();
		for (Thread waiter : waiters) {
			waiter.join(Duration.ofSeconds(5));
		}

		assertThat(this.granted).containsExactly(3L, 4L, 5L);
		assertThat(this.slots.taken()).isZero();
		assertThat(this.slots.maxTaken()).isEqualTo(1);
	}

	@Test
	void interruptedWaiterTakesNoSlot() throws InterruptedException {
		RequestGate.Permit first = this.slots.acquire(0);
		Thread interrupted = waitFor(1);
		Thread next = waitFor(2);
		await().atMost(Duration.ofSeconds(5)).until(() -> interrupted.getState() == Thread.State.WAITING
				&& next.getState() == Thread.State.WAITING);

		interrupted.interrupt();
		interrupted.join(Duration.ofSeconds(5));
		first.close();
		first.close();
		next.join(Duration.ofSeconds(5));

		assertThat(this.granted).containsExactly(2L);
		assertThat(this.slots.taken()).isZero();
	}

	/** Starts a thread that takes a slot with the ticket, records the grant and frees the slot at once. */
	private Thread waitFor(long ticket) {
		return Thread.ofPlatform().start(() -> {
			try (RequestGate.Permit permit = this.slots.acquire(ticket)) {
				this.granted.add(ticket);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

}
