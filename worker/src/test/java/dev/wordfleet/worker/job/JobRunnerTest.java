package dev.wordfleet.worker.job;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.UrlJob;
import dev.wordfleet.worker.cache.CacheSettings;
import dev.wordfleet.worker.cache.PageCache;
import dev.wordfleet.worker.fetch.FetchSettings;
import dev.wordfleet.worker.fetch.LocalHttpServer;
import dev.wordfleet.worker.fetch.PageFetcher;
import dev.wordfleet.worker.fetch.PendingFetch;
import dev.wordfleet.worker.fetch.RequestGate;
import dev.wordfleet.worker.politeness.HostLimiter;
import dev.wordfleet.worker.politeness.PolitenessSettings;
import dev.wordfleet.worker.robots.RobotsCache;
import dev.wordfleet.worker.robots.RobotsSettings;

import static dev.wordfleet.worker.fetch.LocalHttpServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs jobs against a local server on 127.0.0.1 and checks each fetching behaviour by the exact counts or the exact
 * failure kind of the outcome, and by what the server received.
 */
class JobRunnerTest {

	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	/** Honours crawl delays of up to 30 s; no other limit per host. */
	private static final PolitenessSettings CRAWL_DELAYS = new PolitenessSettings(10_000, Duration.ZERO,
			Duration.ofSeconds(30), 0, Duration.ofMinutes(1));

	private LocalHttpServer server;

	private PageFetcher fetcher;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RecordingControl control = new RecordingControl();

	@BeforeEach
	void startServer() throws IOException {
		this.server = LocalHttpServer.start();
		this.fetcher = new PageFetcher(FetchSettings.defaults().withAllowPrivateNetworks(true));
	}

	@AfterEach
	void stopServer() {
		this.fetcher.close();
		this.server.close();
	}

	@Test
	void transientStatusesAreRetriedThenCounted() {
		AtomicInteger calls = new AtomicInteger();
		this.server.handle("/flaky", (exchange) -> {
			switch (calls.incrementAndGet()) {
				case 1 -> exchange.sendResponseHeaders(503, -1);
				case 2 -> {
					exchange.getResponseHeaders().set("Retry-After", "2");
					exchange.sendResponseHeaders(429, -1);
				}
				default -> respond(200, "text/plain", "alpha beta alpha").handle(exchange);
			}
		});

		JobOutcome outcome = plainRunner().run(job("/flaky"), this.control);

		assertThat(counts(outcome)).containsExactlyInAnyOrderEntriesOf(Map.of("alpha", 2, "beta", 1));
		assertThat(calls).hasValue(3);
		assertThat(this.control.retryDelays).hasSize(2);
		assertThat(this.control.retryDelays.get(0)).isLessThanOrEqualTo(JobRunners.QUICK_RETRIES.baseDelay());
		assertThat(this.control.retryDelays.get(1)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.meters.get("wordfleet.fetch.retries").tag("reason", "HTTP_STATUS").counter().count())
			.isEqualTo(2);
	}

	@Test
	void retryAfterAsHttpDateIsHonoured() {
		AtomicInteger calls = new AtomicInteger();
		this.server.handle("/dated", (exchange) -> {
			if (calls.incrementAndGet() == 1) {
				exchange.getResponseHeaders().set("Retry-After", HTTP_DATE.format(Instant.now().plusSeconds(5)));
				exchange.sendResponseHeaders(503, -1);
			}
			else {
				respond(200, "text/plain", "later").handle(exchange);
			}
		});

		JobOutcome outcome = plainRunner().run(job("/dated"), this.control);

		assertThat(counts(outcome)).containsExactlyEntriesOf(Map.of("later", 1));
		assertThat(this.control.retryDelays).singleElement()
			.satisfies((delay) -> assertThat(delay).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5)));
	}

	@Test
	void tooLongRetryAfterFailsJob() {
		this.server.handle("/busy", (exchange) -> {
			exchange.getResponseHeaders().set("Retry-After", "3600");
			exchange.sendResponseHeaders(503, -1);
		});

		JobOutcome outcome = plainRunner().run(job("/busy"), this.control);

		assertThat(failure(outcome).reason()).isEqualTo(FailureKind.HTTP_STATUS);
		assertThat(failure(outcome).message()).contains("longer than the maximum of 60 s");
		assertThat(this.server.requestCount()).isEqualTo(1);
		assertThat(this.control.retryDelays).isEmpty();
	}

	@Test
	void retriesStopAfterTheLimit() {
		this.server.handle("/down", (exchange) -> exchange.sendResponseHeaders(500, -1));

		JobOutcome outcome = plainRunner().run(job("/down"), this.control);

		assertThat(failure(outcome).reason()).isEqualTo(FailureKind.HTTP_STATUS);
		assertThat(failure(outcome).message()).contains("HTTP status 500").contains("gave up after 4 attempts");
		assertThat(this.server.requestCount()).isEqualTo(1 + JobRunners.QUICK_RETRIES.maxRetries());
	}

	@Test
	void permanentStatusesAreNotRetried() {
		this.server.handle("/gone", (exchange) -> exchange.sendResponseHeaders(404, -1));

		JobOutcome outcome = plainRunner().run(job("/gone"), this.control);

		assertThat(failure(outcome).reason()).isEqualTo(FailureKind.HTTP_STATUS);
		assertThat(this.server.requestCount()).isEqualTo(1);
		assertThat(this.control.retryDelays).isEmpty();
	}

	@Test
	void refusedConnectionsAreRetried() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		UrlJob job = UrlJob.of("batch", 0, "http://127.0.0.1:" + closedPort + "/");

		JobOutcome outcome = plainRunner().run(job, this.control);

		assertThat(failure(outcome).reason()).isEqualTo(FailureKind.CONNECTION);
		assertThat(this.control.retryDelays).hasSize(JobRunners.QUICK_RETRIES.maxRetries());
	}

	@Test
	void robotsDisallowedUrlNeverRequested() {
		serveRobots(200, "User-agent: *\nDisallow: /private\n");
		AtomicInteger privateRequests = new AtomicInteger();
		this.server.handle("/private", (exchange) -> {
			privateRequests.incrementAndGet();
			respond(200, "text/plain", "secret").handle(exchange);
		});
		this.server.handle("/public", respond(200, "text/plain", "open words"));
		JobRunner runner = robotsRunner();

		JobOutcome blocked = runner.run(job("/private/page"), this.control);
		JobOutcome allowed = runner.run(job("/public/page"), this.control);

		assertThat(failure(blocked).reason()).isEqualTo(FailureKind.ROBOTS);
		assertThat(failure(blocked).message()).contains("disallows /private/page");
		assertThat(privateRequests).hasValue(0);
		assertThat(counts(allowed)).containsExactlyInAnyOrderEntriesOf(Map.of("open", 1, "words", 1));
	}

	@Test
	void robotsLongestMatchWithByteOrderMark() {
		serveRobots(200, "\uFEFFUser-agent: other\nDisallow:\n\nUser-agent: WordFleet\nDisallow: /docs\n"
				+ "Allow: /docs/public\n");
		this.server.handle("/docs", respond(200, "text/plain", "doc"));
		JobRunner runner = robotsRunner();

		assertThat(failure(runner.run(job("/docs/internal"), this.control)).reason()).isEqualTo(FailureKind.ROBOTS);
		assertThat(counts(runner.run(job("/docs/public/a"), this.control))).containsExactlyEntriesOf(Map.of("doc", 1));
	}

	@Test
	void unreachableRobotsDisallowsEverything() {
		serveRobots(503, "");
		this.server.handle("/page", respond(200, "text/plain", "never"));

		JobOutcome outcome = robotsRunner().run(job("/page"), this.control);

		assertThat(failure(outcome).reason()).isEqualTo(FailureKind.ROBOTS);
		assertThat(failure(outcome).message()).contains("could not be fetched", "disallows every path")
			.doesNotContain("rule Disallow");
	}

	@Test
	void missingRobotsAllowsEverything() {
		serveRobots(404, "");
		this.server.handle("/page", respond(200, "text/plain", "fine"));

		JobOutcome outcome = robotsRunner().run(job("/page"), this.control);

		assertThat(counts(outcome)).containsExactlyEntriesOf(Map.of("fine", 1));
	}

	@Test
	void robotsCheckRedirectHop() {
		serveRobots(200, "User-agent: *\nDisallow: /private\n");
		AtomicInteger privateRequests = new AtomicInteger();
		this.server.handle("/private", (exchange) -> {
			privateRequests.incrementAndGet();
			respond(200, "text/plain", "secret").handle(exchange);
		});
		this.server.handle("/go", LocalHttpServer.redirect(302, "/private/x"));

		JobOutcome outcome = robotsRunner().run(job("/go"), this.control);

		assertThat(failure(outcome).reason()).isEqualTo(FailureKind.ROBOTS);
		assertThat(privateRequests).hasValue(0);
	}

	@Test
	void crawlDelaySpacesRequestsToOneHost() throws InterruptedException {
		serveRobots(200, "User-agent: *\nCrawl-delay: 1\n");
		List<Long> starts = new CopyOnWriteArrayList<>();
		this.server.handle("/slow", (exchange) -> {
			starts.add(System.nanoTime());
			respond(200, "text/plain", "spaced").handle(exchange);
		});
		JobRunner runner = robotsRunner();

		Thread first = Thread.ofVirtual().start(() -> runner.run(job("/slow/1"), this.control));
		Thread second = Thread.ofVirtual().start(() -> runner.run(job("/slow/2"), this.control));
		first.join(Duration.ofSeconds(20));
		second.join(Duration.ofSeconds(20));

		assertThat(starts).hasSize(2);
		assertThat(Duration.ofNanos(Math.abs(starts.get(1) - starts.get(0))))
			.isGreaterThanOrEqualTo(Duration.ofMillis(950));
	}

	@Test
	void perHostLimitReachedNotExceeded() throws InterruptedException {
		AtomicInteger open = new AtomicInteger();
		AtomicInteger maxOpen = new AtomicInteger();
		this.server.handle("/wait", (exchange) -> {
			maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
			try {
				Thread.sleep(100);
				respond(200, "text/plain", "done").handle(exchange);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				open.decrementAndGet();
			}
		});
		JobRunner runner = JobRunners.runner(this.fetcher, null, new HostLimiter(PolitenessSettings.defaults()),
				null);

		List<Thread> threads = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 8; i++) {
			int id = i;
			threads.add(Thread.ofVirtual().start(() -> runner.run(job("/wait/" + id), this.control)));
		}
		for (Thread thread : threads) {
			thread.join(Duration.ofSeconds(20));
		}

		assertThat(this.server.requestCount()).isEqualTo(8);
		assertThat(maxOpen).hasValue(PolitenessSettings.DEFAULT_MAX_IN_FLIGHT_PER_HOST);
	}

	@Test
	void cacheRevalidatesWithEtag() {
		AtomicInteger version = new AtomicInteger(1);
		this.server.handle("/cached", (exchange) -> {
			String etag = "\"v" + version.get() + "\"";
			if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
				exchange.getResponseHeaders().set("ETag", etag);
				exchange.sendResponseHeaders(304, -1);
				return;
			}
			exchange.getResponseHeaders().set("ETag", etag);
			respond(200, "text/plain", (version.get() == 1) ? "one two two" : "three").handle(exchange);
		});
		MutableClock clock = new MutableClock();
		PageCache cache = new PageCache(new CacheSettings(true, Duration.ofMinutes(10), DataSize.ofMegabytes(1)),
				clock);
		JobRunner runner = JobRunners.runner(this.fetcher, null, new HostLimiter(JobRunners.UNLIMITED_HOSTS), cache);
		Map<String, Integer> first = Map.of("one", 1, "two", 2);

		assertThat(counts(runner.run(job("/cached"), this.control))).isEqualTo(first);
		assertThat(counts(runner.run(job("/cached#again"), this.control))).isEqualTo(first);
		assertThat(this.server.requestCount()).isEqualTo(1);

		clock.advance(Duration.ofMinutes(11));
		assertThat(counts(runner.run(job("/cached"), this.control))).isEqualTo(first);
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(this.server.requestHeaders().get(1).getFirst("If-None-Match")).isEqualTo("\"v1\"");

		clock.advance(Duration.ofMinutes(11));
		version.set(2);
		assertThat(counts(runner.run(job("/cached"), this.control))).isEqualTo(Map.of("three", 1));
		assertThat(this.server.requestCount()).isEqualTo(3);
	}

	@Test
	void cachedPageIsRevalidatedWithLastModified() {
		String lastModified = "Wed, 02 Dec 2026 10:00:00 GMT";
		this.server.handle("/dated-page", (exchange) -> {
			exchange.getResponseHeaders().set("Last-Modified", lastModified);
			if (lastModified.equals(exchange.getRequestHeaders().getFirst("If-Modified-Since"))) {
				exchange.sendResponseHeaders(304, -1);
				return;
			}
			respond(200, "text/plain", "same words same").handle(exchange);
		});
		MutableClock clock = new MutableClock();
		PageCache cache = new PageCache(new CacheSettings(true, Duration.ofMinutes(1), DataSize.ofMegabytes(1)),
				clock);
		JobRunner runner = JobRunners.runner(this.fetcher, null, new HostLimiter(JobRunners.UNLIMITED_HOSTS), cache,
				this.meters);

		JobOutcome fetched = runner.run(job("/dated-page"), this.control);
		clock.advance(Duration.ofMinutes(2));
		JobOutcome revalidated = runner.run(job("/dated-page"), this.control);

		assertThat(counts(revalidated)).isEqualTo(counts(fetched)).isEqualTo(Map.of("same", 2, "words", 1));
		assertThat(this.server.requestCount()).isEqualTo(2);
		assertThat(this.meters.get("wordfleet.cache.revalidations").counter().count()).isEqualTo(1);
	}

	@Test
	void cancelledJobHasNoOutcome() {
		this.server.handle("/page", respond(200, "text/plain", "never"));
		this.control.cancelled = true;

		assertThat(plainRunner().run(job("/page"), this.control)).isNull();
		assertThat(this.server.requestCount()).isEqualTo(0);
	}

	@Test
	void longBodyFreesSlotBeforeCounting() {
		BodyMemory memory = new BodyMemory(BodyMemory.MAX_CAPACITY);
		byte[] page = wordsPage(600 * 1024);
		this.server.handle("/long", respond(200, "text/html; charset=utf-8", page));
		this.control.watch(memory);

		JobOutcome outcome = JobRunners.withBodyMemory(this.fetcher, memory).run(job("/long"), this.control);

		assertThat(counts(outcome)).isEqualTo(wordsPageCounts(page));
		// The bytes beyond the first chunk were still reserved, not counted yet, when the slot became free.
		assertThat(this.control.reservedAtRelease).containsExactly(page.length - (JobRunner.RECEIVED_BODY_LIMIT + 1));
		assertThat(memory.available()).isEqualTo(memory.capacity());
	}

	@Test
	void bodiesAroundTheLargeLimitCountExactly() {
		BodyMemory memory = new BodyMemory(BodyMemory.MAX_CAPACITY);
		JobRunner runner = JobRunners.withBodyMemory(this.fetcher, memory);
		for (int length : new int[] { JobRunner.LARGE_BODY_LIMIT, JobRunner.LARGE_BODY_LIMIT + 1 }) {
			byte[] page = wordsPage(length);
			this.server.handle("/page-" + length, respond(200, "text/html; charset=utf-8", page));

			JobOutcome outcome = runner.run(job("/page-" + length), this.control);

			assertThat(counts(outcome)).as("counts of a body of %d bytes", length).isEqualTo(wordsPageCounts(page));
			assertThat(memory.available()).isEqualTo(memory.capacity());
		}
	}

	@Test
	void longBodyStreamsWhenMemoryIsShort() {
		BodyMemory memory = new BodyMemory(JobRunner.RECEIVED_BODY_LIMIT);
		byte[] page = wordsPage(900 * 1024);
		this.server.handle("/long", respond(200, "text/html; charset=utf-8", page));
		this.control.watch(memory);

		JobOutcome outcome = JobRunners.withBodyMemory(this.fetcher, memory).run(job("/long"), this.control);

		assertThat(counts(outcome)).isEqualTo(wordsPageCounts(page));
		// One chunk found room, the next did not, so the rest was counted as it arrived.
		assertThat(this.control.reservedAtRelease).containsExactly(JobRunner.RECEIVED_BODY_LIMIT);
		assertThat(memory.available()).isEqualTo(memory.capacity());
	}

	@Test
	void tooLargeBodyReleasesItsMemory() {
		BodyMemory memory = new BodyMemory(BodyMemory.MAX_CAPACITY);
		byte[] page = wordsPage(1024 * 1024);
		this.server.handle("/huge", respond(200, "text/html; charset=utf-8", page));
		PageFetcher capped = new PageFetcher(new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(30),
				DataSize.ofKilobytes(700), true, "wordfleet-test/1", 5));
		try (capped) {
			JobOutcome outcome = JobRunners.withBodyMemory(capped, memory).run(job("/huge"), this.control);

			assertThat(failure(outcome).reason()).isEqualTo(FailureKind.TOO_LARGE);
			assertThat(memory.available()).isEqualTo(memory.capacity());
		}
	}

	private JobRunner plainRunner() {
		return JobRunners.runner(this.fetcher, null, new HostLimiter(JobRunners.UNLIMITED_HOSTS), null, this.meters);
	}

	private JobRunner robotsRunner() {
		RobotsCache robots = new RobotsCache(this.fetcher, RobotsSettings.defaults(), Clock.systemUTC());
		return JobRunners.runner(this.fetcher, robots, new HostLimiter(CRAWL_DELAYS), null);
	}

	private void serveRobots(int status, String body) {
		this.server.handle("/robots.txt", (exchange) -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/plain");
			exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
			exchange.getResponseBody().write(bytes);
		});
	}

	private UrlJob job(String path) {
		return UrlJob.of("batch", 0, this.server.url(path));
	}

	/**
	 * Returns an HTML page of exactly the given length: as many paragraphs of three words as fit, then spaces.
	 */
	private static byte[] wordsPage(int length) {
		String head = "<!DOCTYPE html><html><body>";
		String paragraph = "<p>alpha beta gamma</p>\n";
		StringBuilder page = new StringBuilder(length).append(head);
		while (page.length() + paragraph.length() <= length) {
			page.append(paragraph);
		}
		page.append(" ".repeat(length - page.length()));
		return page.toString().getBytes(StandardCharsets.US_ASCII);
	}

	/** Returns the counts of a page of {@link #wordsPage(int)}. */
	private static Map<String, Integer> wordsPageCounts(byte[] page) {
		int paragraphs = (page.length - "<!DOCTYPE html><html><body>".length()) / "<p>alpha beta gamma</p>\n".length();
		return Map.of("alpha", paragraphs, "beta", paragraphs, "gamma", paragraphs);
	}

	private static Map<String, Integer> counts(@Nullable JobOutcome outcome) {
		assertThat(outcome).isInstanceOf(PageCounted.class);
		return ((PageCounted) outcome).counts();
	}

	private static JobFailed failure(@Nullable JobOutcome outcome) {
		assertThat(outcome).isInstanceOf(JobFailed.class);
		return (JobFailed) outcome;
	}

	/** Grants slots without limit and records retry delays without waiting them. */
	private static final class RecordingControl implements JobControl {

		final List<Duration> retryDelays = new CopyOnWriteArrayList<>();

		final Semaphore slots = new Semaphore(Integer.MAX_VALUE);

		volatile boolean cancelled;

		/** The bytes that the watched memory had reserved each time a slot became free. */
		final List<Integer> reservedAtRelease = new CopyOnWriteArrayList<>();

		private volatile @Nullable BodyMemory watched;

		void watch(BodyMemory memory) {
			this.watched = memory;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public void track(PendingFetch fetch) {
		}

		@Override
		public long ticket() {
			return 0;
		}

		@Override
		public RequestGate.Permit takeSlot() throws InterruptedException {
			this.slots.acquire();
			return () -> {
				BodyMemory memory = this.watched;
				if (memory != null) {
					this.reservedAtRelease.add(memory.capacity() - memory.available());
				}
				this.slots.release();
			};
		}

		@Override
		public boolean awaitRetry(Duration delay) {
			this.retryDelays.add(delay);
			return !this.cancelled;
		}

	}

	/** A clock that tests move forward. */
	private static final class MutableClock extends Clock {

		private final AtomicLong millis = new AtomicLong(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());

		void advance(Duration duration) {
			this.millis.addAndGet(duration.toMillis());
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(this.millis.get());
		}

	}

}
