package dev.wordfleet.worker.politeness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Waits in these tests are real but short, and every wait on another thread has a limit.
 */
class HostLimiterTest {

	private static final Duration LIMIT = Duration.ofSeconds(5);

	private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

	@AfterEach
	void stopCallers() {
		this.callers.shutdownNow();
	}

	@Test
	void twoRequestsPerHostByDefault() throws Exception {
		HostLimiter limiter = new HostLimiter(PolitenessSettings.defaults());
		HostLimiter.Permit first = limiter.acquire("example.test", null);
		HostLimiter.Permit second = limiter.acquire("example.test", null);

		Future<HostLimiter.Permit> third = this.callers.submit(() -> limiter.acquire("example.test", null));

		Thread.sleep(200);
		assertThat(third.isDone()).isFalse();
		first.close();
		assertThat(third.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS).host()).isEqualTo("example.test");
		second.close();
	}

	@Test
	void lowerTicketTakesHostSlotFirst() throws Exception {
		HostLimiter limiter = new HostLimiter(settings(1, Duration.ZERO, 0));
		HostLimiter.Permit firstPermit = limiter.acquire("example.test", null, 0);
		List<String> granted = Collections.synchronizedList(new ArrayList<>());
		List<Future<?>> calls = new ArrayList<>();

		calls.add(this.callers.submit(() -> takeAndRecord(limiter, "without ticket", null, granted)));
		Thread.sleep(100);
		calls.add(this.callers.submit(() -> takeAndRecord(limiter, "ticket 9", 9L, granted)));
		Thread.sleep(100);
		calls.add(this.callers.submit(() -> takeAndRecord(limiter, "ticket 3", 3L, granted)));
		Thread.sleep(100);
		firstPermit.close();
		for (Future<?> call : calls) {
			call.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
		}

		assertThat(granted).containsExactly("ticket 3", "ticket 9", "without ticket");
	}

	/** Takes a slot of example.test, with the ticket or without one, records the grant and frees the slot. */
	private static Void takeAndRecord(HostLimiter limiter, String name, Long ticket, List<String> granted)
			throws Exception {
		try (HostLimiter.Permit permit = (ticket != null) ? limiter.acquire("example.test", null, ticket)
				: limiter.acquire("example.test", null)) {
			granted.add(name);
		}
		return null;
	}

	@Test
	void concurrentCallersNeverExceedHostLimit() throws Exception {
		HostLimiter limiter = new HostLimiter(PolitenessSettings.defaults());
		AtomicInteger inFlight = new AtomicInteger();
		List<Integer> observed = Collections.synchronizedList(new ArrayList<>());
		List<Future<?>> calls = new ArrayList<>();

		for (int i = 0; i < 20; i++) {
			calls.add(this.callers.submit(() -> {
				try (HostLimiter.Permit permit = limiter.acquire("busy.test", null)) {
					observed.add(inFlight.incrementAndGet());
					Thread.sleep(20);
					inFlight.decrementAndGet();
				}
				return null;
			}));
		}
		for (Future<?> call : calls) {
			call.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
		}

		assertThat(observed).hasSize(20);
		assertThat(observed).allSatisfy((count) -> assertThat(count).isBetween(1, 2));
	}

	@Test
	void busyHostDoesNotBlockOtherHost() throws Exception {
		HostLimiter limiter = new HostLimiter(PolitenessSettings.defaults());
		limiter.acquire("busy.test", null);
		limiter.acquire("busy.test", null);

		Future<HostLimiter.Permit> other = this.callers.submit(() -> limiter.acquire("quiet.test", null));

		assertThat(other.get(1, TimeUnit.SECONDS).host()).isEqualTo("quiet.test");
	}

	@Test
	void hostNamesCompareCaseInsensitively() throws Exception {
		HostLimiter limiter = new HostLimiter(PolitenessSettings.defaults());

		limiter.acquire("Example.TEST", null);

		assertThat(limiter.inFlight("example.test")).isEqualTo(1);
	}

	@Test
	void closedPermitFreesSlot() throws Exception {
		HostLimiter limiter = new HostLimiter(PolitenessSettings.defaults());
		HostLimiter.Permit permit = limiter.acquire("example.test", null);

		permit.close();

		assertThat(limiter.inFlight("example.test")).isZero();
	}

	@Test
	void secondCloseFreesNothing() throws Exception {
		HostLimiter limiter = new HostLimiter(settings(1, Duration.ZERO, 0));
		HostLimiter.Permit permit = limiter.acquire("example.test", null);
		permit.close();
		HostLimiter.Permit next = limiter.acquire("example.test", null);

		permit.close();

		assertThat(limiter.inFlight("example.test")).isEqualTo(1);
		next.close();
	}

	@Test
	void slotFreedWhenFetchThrows() throws Exception {
		HostLimiter limiter = new HostLimiter(settings(1, Duration.ZERO, 0));

		try (HostLimiter.Permit permit = limiter.acquire("example.test", null)) {
			throw new IllegalStateException("fetch failed");
		}
		catch (IllegalStateException ex) {
			// The permit was closed by try-with-resources.
		}

		assertThat(limiter.inFlight("example.test")).isZero();
	}

	@Test
	void idleHostIsForgotten() throws Exception {
		HostLimiter limiter = new HostLimiter(PolitenessSettings.defaults());

		limiter.acquire("example.test", null).close();

		assertThat(limiter.trackedHosts()).isZero();
	}

	@Test
	void minDelaySpacesStarts() throws Exception {
		HostLimiter limiter = new HostLimiter(settings(2, Duration.ofMillis(150), 0));
		List<Long> starts = new ArrayList<>();

		for (int i = 0; i < 3; i++) {
			try (HostLimiter.Permit permit = limiter.acquire("slow.test", null)) {
				starts.add(System.nanoTime());
			}
		}

		assertThat(millisBetween(starts.get(0), starts.get(1))).isGreaterThanOrEqualTo(140);
		assertThat(millisBetween(starts.get(1), starts.get(2))).isGreaterThanOrEqualTo(140);
	}

	@Test
	void crawlDelaySpacesStarts() throws Exception {
		HostLimiter limiter = new HostLimiter(PolitenessSettings.defaults());

		long first = startOf(limiter, "polite.test", Duration.ofMillis(200));
		long second = startOf(limiter, "polite.test", Duration.ofMillis(200));

		assertThat(millisBetween(first, second)).isGreaterThanOrEqualTo(190);
	}

	@Test
	void crawlDelayCutToMaximum() throws Exception {
		HostLimiter limiter = new HostLimiter(new PolitenessSettings(2, Duration.ZERO, Duration.ofMillis(100), 0,
				Duration.ofMinutes(1)));

		long first = startOf(limiter, "greedy.test", Duration.ofHours(1));
		long second = startOf(limiter, "greedy.test", Duration.ofHours(1));

		assertThat(millisBetween(first, second)).isBetween(90L, 2000L);
	}

	@Test
	void delayDoesNotSlowOtherHost() throws Exception {
		HostLimiter limiter = new HostLimiter(settings(2, Duration.ofSeconds(2), 0));
		limiter.acquire("slow.test", null).close();

		long started = System.nanoTime();
		limiter.acquire("fast.test", null).close();

		assertThat(millisBetween(started, System.nanoTime())).isLessThan(500);
	}

	@Test
	void globalRateSpacesStartsAcrossHosts() throws Exception {
		HostLimiter limiter = new HostLimiter(settings(2, Duration.ZERO, 10));
		List<Long> starts = new ArrayList<>();

		for (int i = 0; i < 5; i++) {
			try (HostLimiter.Permit permit = limiter.acquire("host" + i + ".test", null)) {
				starts.add(System.nanoTime());
			}
		}

		// Five starts at 10 per second span at least four periods of 100 ms.
		assertThat(millisBetween(starts.getFirst(), starts.getLast())).isBetween(350L, 2000L);
	}

	@Test
	void waitBeyondMaxWaitTimesOut() throws Exception {
		HostLimiter limiter = new HostLimiter(new PolitenessSettings(1, Duration.ZERO, Duration.ofSeconds(30), 0,
				Duration.ofMillis(200)));
		HostLimiter.Permit onlySlot = limiter.acquire("example.test", null);

		long started = System.nanoTime();
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> limiter.acquire("example.test", null))
				.withMessage("Waited more than 200 ms for one of the request slots of host example.test (1 per "
						+ "host)");

		assertThat(millisBetween(started, System.nanoTime())).isBetween(150L, 2000L);
		assertThat(limiter.inFlight("example.test")).isEqualTo(1);
		onlySlot.close();
	}

	@Test
	void delayBeyondMaxWaitTimesOut() throws Exception {
		HostLimiter limiter = new HostLimiter(new PolitenessSettings(2, Duration.ofSeconds(10), Duration.ZERO, 0,
				Duration.ofMillis(200)));
		limiter.acquire("example.test", null).close();

		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> limiter.acquire("example.test", null))
				.withMessageContaining("delay between requests to host example.test");
		assertThat(limiter.inFlight("example.test")).isZero();
	}

	@Test
	void interruptedWaitFreesSlot() throws Exception {
		HostLimiter limiter = new HostLimiter(settings(2, Duration.ofSeconds(10), 0));
		limiter.acquire("example.test", null).close();
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		Thread waiter = Thread.ofVirtual().start(() -> {
			try {
				limiter.acquire("example.test", null).close();
				outcome.complete(null);
			}
			catch (InterruptedException | TimeoutException ex) {
				outcome.complete(ex);
			}
		});
		Awaitility.await().atMost(LIMIT).until(() -> limiter.inFlight("example.test") == 1);

		waiter.interrupt();

		assertThat(outcome.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(InterruptedException.class);
		assertThat(limiter.inFlight("example.test")).isZero();
	}

	@Test
	void manyWaitersUseNoPlatformThreads() throws Exception {
		HostLimiter limiter = new HostLimiter(settings(1, Duration.ZERO, 0));
		HostLimiter.Permit onlySlot = limiter.acquire("crowded.test", null);
		List<Future<?>> waiters = new ArrayList<>();
		int platformThreadsBefore = Thread.activeCount();

		for (int i = 0; i < 1000; i++) {
			waiters.add(this.callers.submit(() -> {
				limiter.acquire("crowded.test", null).close();
				return null;
			}));
		}
		Thread.sleep(200);
		onlySlot.close();
		for (Future<?> waiter : waiters) {
			waiter.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
		}

		// Thread.activeCount() counts platform threads only.
		assertThat(Thread.activeCount()).isLessThan(platformThreadsBefore + 10);
		assertThat(limiter.trackedHosts()).isZero();
	}

	@Test
	void blankHostRejected() {
		HostLimiter limiter = new HostLimiter(PolitenessSettings.defaults());

		assertThatIllegalArgumentException().isThrownBy(() -> limiter.acquire(" ", null))
				.withMessageContaining("host must not be blank");
	}

	@Test
	void hostOfUrlIsLowerCase() {
		assertThat(HostLimiter.hostOf("https://Example.TEST:8443/page")).isEqualTo("example.test");
	}

	@Test
	void hostOfInvalidUrlIsNull() {
		assertThat(HostLimiter.hostOf("not a url")).isNull();
	}

	private static PolitenessSettings settings(int perHost, Duration minDelay, double perSecond) {
		return new PolitenessSettings(perHost, minDelay, Duration.ofSeconds(30), perSecond, Duration.ofMinutes(1));
	}

	private static long startOf(HostLimiter limiter, String host, Duration crawlDelay) throws Exception {
		try (HostLimiter.Permit permit = limiter.acquire(host, crawlDelay)) {
			return System.nanoTime();
		}
	}

	private static long millisBetween(long startNanos, long endNanos) {
		return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
	}

}
