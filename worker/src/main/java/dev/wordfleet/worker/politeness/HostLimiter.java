package dev.wordfleet.worker.politeness;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wordfleet.protocol.Durations;

/**
 * Limits requests per host and over all hosts: at most {@link PolitenessSettings#maxInFlightPerHost()} requests in
 * flight to one host, request starts to one host spaced by the longer of {@link PolitenessSettings#minDelay()} and
 * the host's {@code crawl-delay}, and request starts over all hosts at most
 * {@link PolitenessSettings#maxRequestsPerSecond()}.
 *
 * <p>{@link #acquire} blocks the calling thread while it waits, by parking or sleeping, never by spinning or holding a
 * monitor. Call it on a virtual thread, where a wait costs no platform thread. A caller that is interrupted stops
 * waiting with {@link InterruptedException}. Every {@link Permit} must be closed, best with try-with-resources, so
 * that its slot is freed even when the fetch throws:
 * <pre>{@code
 * try (HostLimiter.Permit permit = limiter.acquire(host, crawlDelay)) {
 *     page = fetch.execute();
 * }
 * }</pre>
 *
 * <p>The global rate uses Resilience4j's {@link RateLimiter}, which reserves permissions without locks. Its own wait
 * is replaced here by an interruptible sleep.
 */
public final class HostLimiter {

	private static final Logger logger = LoggerFactory.getLogger(HostLimiter.class);

	/** The ticket of callers without one, after every ticket that jobs get. */
	private static final long UNORDERED = Long.MAX_VALUE;

	/** Number of tracked hosts above which idle hosts are swept out. */
	private static final int SWEEP_THRESHOLD = 1024;

	private final PolitenessSettings settings;

	private final Map<String, HostState> hosts = new ConcurrentHashMap<>();

	private final @Nullable RateLimiter globalRate;

	/**
	 * Creates a limiter.
	 * @param settings limits per host and over all hosts
	 */
	public HostLimiter(PolitenessSettings settings) {
		this.settings = Objects.requireNonNull(settings, "settings is missing");
		this.globalRate = (settings.maxRequestsPerSecond() > 0) ? globalRateLimiter(settings) : null;
	}

	/** Creates a rate limiter with one permission per period of {@code 1 / rate}, so that starts never burst. */
	private static RateLimiter globalRateLimiter(PolitenessSettings settings) {
		long periodNanos = Math.max(1, Math.round(TimeUnit.SECONDS.toNanos(1) / settings.maxRequestsPerSecond()));
		RateLimiterConfig config = RateLimiterConfig.custom()
				.limitForPeriod(1)
				.limitRefreshPeriod(Duration.ofNanos(periodNanos))
				.timeoutDuration(settings.maxWait())
				.build();
		return RateLimiter.of("wordfleet-fetch", config);
	}

	/**
	 * Returns the host of a URL in the form that {@link #acquire} expects.
	 * @param url absolute {@code http} or {@code https} URL
	 * @return the URL's host, lower-case and with international names in their ASCII form, or {@code null} if the URL
	 * cannot be parsed
	 */
	public static @Nullable String hostOf(String url) {
		HttpUrl parsed = HttpUrl.parse(url);
		return (parsed != null) ? parsed.host() : null;
	}

	/**
	 * Waits until a request to a host may start, and takes one of the host's slots.
	 * @param host host name or IP address, compared case-insensitively
	 * @param crawlDelay the host's {@code crawl-delay} from robots.txt, or {@code null} for none. It is cut to
	 * {@link PolitenessSettings#maxCrawlDelay()}.
	 * @return the permit, to close when the request has finished
	 * @throws InterruptedException if the calling thread was interrupted while waiting; no slot is taken then
	 * @throws TimeoutException if the slot, the host's delay or the global rate would take longer than
	 * {@link PolitenessSettings#maxWait()}; no slot is taken then
	 */
	public Permit acquire(String host, @Nullable Duration crawlDelay) throws InterruptedException, TimeoutException {
		return acquire(host, crawlDelay, UNORDERED);
	}

	/**
	 * Waits until a request to a host may start, and takes one of the host's slots. Callers waiting for the host
	 * take its slots in the order of their tickets, lowest first, and callers of {@link #acquire(String, Duration)}
	 * after every caller with a ticket.
	 * @param host host name or IP address, compared case-insensitively
	 * @param crawlDelay the host's {@code crawl-delay} from robots.txt, or {@code null} for none. It is cut to
	 * {@link PolitenessSettings#maxCrawlDelay()}.
	 * @param ticket the caller's place in line, such as the order in which its job arrived
	 * @return the permit, to close when the request has finished
	 * @throws InterruptedException if the calling thread was interrupted while waiting; no slot is taken then
	 * @throws TimeoutException if the slot, the host's delay or the global rate would take longer than
	 * {@link PolitenessSettings#maxWait()}; no slot is taken then
	 */
	public Permit acquire(String host, @Nullable Duration crawlDelay, long ticket)
			throws InterruptedException, TimeoutException {
		Objects.requireNonNull(host, "host is missing");
		if (host.isBlank()) {
			throw new IllegalArgumentException("host must not be blank, but was '" + host + "'");
		}
		String key = host.toLowerCase(Locale.ROOT);
		long deadline = System.nanoTime() + this.settings.maxWait().toNanos();
		HostState state = join(key);
		boolean slotTaken = false;
		boolean acquired = false;
		try {
			if (!state.slots.tryAcquire(ticket, deadline - System.nanoTime())) {
				throw new TimeoutException("Waited more than " + Durations.format(this.settings.maxWait())
						+ " for one of the request slots of host " + key + " (" + this.settings.maxInFlightPerHost()
						+ " per host)");
			}
			slotTaken = true;
			waitForHostDelay(key, state, delayFor(key, crawlDelay), deadline);
			waitForGlobalRate(key);
			acquired = true;
			return new Permit(key, state);
		}
		finally {
			if (!acquired) {
				if (slotTaken) {
					state.slots.release();
				}
				leave(key);
			}
		}
	}

	/**
	 * Returns the number of requests in flight to a host.
	 * @param host host name or IP address, compared case-insensitively
	 * @return the number of open permits of the host
	 */
	public int inFlight(String host) {
		HostState state = this.hosts.get(host.toLowerCase(Locale.ROOT));
		return (state != null) ? state.slots.taken() : 0;
	}

	/**
	 * Returns the number of hosts whose state is kept: those with permits or waiting callers, and those whose
	 * delay has not passed yet.
	 * @return the number of tracked hosts
	 */
	public int trackedHosts() {
		return this.hosts.size();
	}

	/** Returns the delay between starts for a host: the longer of the minimum delay and its capped crawl delay. */
	private long delayFor(String host, @Nullable Duration crawlDelay) {
		Duration delay = this.settings.minDelay();
		if (crawlDelay != null && crawlDelay.isPositive()) {
			Duration capped = crawlDelay;
			if (crawlDelay.compareTo(this.settings.maxCrawlDelay()) > 0) {
				logger.debug("Host {} sets a crawl delay of {}, so the maximum of {} applies", host, crawlDelay,
						this.settings.maxCrawlDelay());
				capped = this.settings.maxCrawlDelay();
			}
			delay = (capped.compareTo(delay) > 0) ? capped : delay;
		}
		return delay.toNanos();
	}

	private void waitForHostDelay(String host, HostState state, long delayNanos, long deadline)
			throws InterruptedException, TimeoutException {
		long start = state.reserveStart(delayNanos, deadline);
		if (start == HostState.NO_START) {
			throw new TimeoutException("Waited more than " + Durations.format(this.settings.maxWait())
					+ " for the delay between requests to host " + host);
		}
		try {
			sleepNanos(start - System.nanoTime());
		}
		catch (InterruptedException ex) {
			state.cancelReservation(start, delayNanos);
			throw ex;
		}
	}

	private void waitForGlobalRate(String host) throws InterruptedException, TimeoutException {
		RateLimiter rate = this.globalRate;
		if (rate == null) {
			return;
		}
		long waitNanos = rate.reservePermission();
		if (waitNanos < 0) {
			throw new TimeoutException("Waited more than " + Durations.format(this.settings.maxWait())
					+ " for the global rate of " + this.settings.maxRequestsPerSecond() + " requests per second, for host "
					+ host);
		}
		sleepNanos(waitNanos);
	}

	private static void sleepNanos(long nanos) throws InterruptedException {
		if (nanos > 0) {
			Thread.sleep(Duration.ofNanos(nanos));
		}
		else if (Thread.interrupted()) {
			throw new InterruptedException("Interrupted while acquiring a request slot");
		}
	}

	/** Registers a caller of a host, creating the host's state on first use. */
	private HostState join(String host) {
		HostState state = this.hosts.compute(host, (key, current) -> {
			HostState joined = (current != null) ? current : new HostState(this.settings.maxInFlightPerHost());
			joined.users++;
			return joined;
		});
		if (this.hosts.size() > SWEEP_THRESHOLD) {
			sweep();
		}
		return state;
	}

	/** Unregisters a caller, and drops the host's state once it has no callers and no pending delay. */
	private void leave(String host) {
		this.hosts.computeIfPresent(host, (key, state) -> {
			state.users--;
			return state.isIdle() ? null : state;
		});
	}

	/** Drops idle hosts whose delay has passed since their last caller left. */
	private void sweep() {
		for (String host : this.hosts.keySet()) {
			this.hosts.computeIfPresent(host, (key, state) -> state.isIdle() ? null : state);
		}
	}

	/** A slot of a host, taken by {@link #acquire}. Closing it frees the slot; closing it again does nothing. */
	public final class Permit implements AutoCloseable {

		private final String host;

		private final HostState state;

		private final AtomicBoolean closed = new AtomicBoolean();

		private Permit(String host, HostState state) {
			this.host = host;
			this.state = state;
		}

		/**
		 * Returns the host that this permit is for.
		 * @return the lower-case host
		 */
		public String host() {
			return this.host;
		}

		@Override
		public void close() {
			if (this.closed.compareAndSet(false, true)) {
				this.state.slots.release();
				leave(this.host);
			}
		}

	}

	/** Slots and start times of one host. */
	private static final class HostState {

		static final long NO_START = Long.MIN_VALUE;

		final OrderedSlots slots;

		/** {@link System#nanoTime()} before which the next request to the host may not start. */
		final AtomicLong nextStart = new AtomicLong(System.nanoTime());

		/** Callers holding or waiting for a slot; changed only inside the map's compute functions. */
		int users;

		HostState(int maxInFlight) {
			this.slots = new OrderedSlots(maxInFlight);
		}

		/**
		 * Reserves the earliest start at or after the previous reservation's end, and moves the next allowed start
		 * {@code delayNanos} later. Returns {@link #NO_START}, reserving nothing, if that start is past the deadline.
		 */
		long reserveStart(long delayNanos, long deadline) {
			while (true) {
				long now = System.nanoTime();
				long previous = this.nextStart.get();
				long start = (previous - now > 0) ? previous : now;
				if (start - deadline > 0) {
					return NO_START;
				}
				if (this.nextStart.compareAndSet(previous, start + delayNanos)) {
					return start;
				}
			}
		}

		/** Gives a reservation back, if no later one was made, so the next caller need not wait for it. */
		void cancelReservation(long start, long delayNanos) {
			this.nextStart.compareAndSet(start + delayNanos, start);
		}

		boolean isIdle() {
			return this.users == 0 && this.nextStart.get() - System.nanoTime() <= 0;
		}

	}

}
