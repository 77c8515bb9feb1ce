package dev.wordfleet.worker.robots;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpHandler;
import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.worker.fetch.FetchException;
import dev.wordfleet.worker.fetch.FetchSettings;
import dev.wordfleet.worker.fetch.LocalHttpServer;
import dev.wordfleet.worker.fetch.PageFetcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The cache against a {@link LocalHttpServer} on 127.0.0.1, or a closed port there.
 */
class RobotsCacheTest {

	private static final String TEXT = "text/plain";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

	private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

	private LocalHttpServer server;

	private PageFetcher fetcher;

	private RobotsCache cache;

	@BeforeEach
	void start() throws IOException {
		this.server = LocalHttpServer.start();
		this.fetcher = new PageFetcher(new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(5),
				DataSize.ofMegabytes(1), true, "wordfleet/0.1", 5));
		this.cache = new RobotsCache(this.fetcher, RobotsSettings.defaults(), this.clock);
	}

	@AfterEach
	void stop() {
		this.callers.shutdownNow();
		this.cache.close();
		this.fetcher.close();
		this.server.close();
	}

	@Test
	void disallowedPathIsRejected() throws Exception {
		serveRobots("User-agent: *\nDisallow: /private/\n");

		RobotsDecision decision = this.cache.check(this.server.url("/private/page"));

		assertThat(decision.allowed()).isFalse();
		assertThat(decision.reason()).contains("robots.txt of http://127.0.0.1:" + this.server.port(),
				"disallows /private/page", "Disallow: /private/");
	}

	@Test
	void otherPathIsAllowed() throws Exception {
		serveRobots("User-agent: *\nDisallow: /private/\n");

		assertThat(this.cache.check(this.server.url("/public/page")).allowed()).isTrue();
	}

	@Test
	void queryIsMatched() throws Exception {
		serveRobots("User-agent: *\nDisallow: /search?q=\n");

		assertThat(this.cache.check(this.server.url("/search?q=words")).allowed()).isFalse();
	}

	@Test
	void groupOfProductTokenApplies() throws Exception {
		serveRobots("User-agent: *\nDisallow: /\n\nUser-agent: WordFleet\nAllow: /\n");

		assertThat(this.cache.check(this.server.url("/page")).allowed()).isTrue();
	}

	@Test
	void robotsFetchedOncePerOrigin() throws Exception {
		serveRobots("User-agent: *\nDisallow: /private/\n");

		this.cache.check(this.server.url("/a"));
		this.cache.check(this.server.url("/b"));
		this.cache.check(this.server.url("/private/c"));

		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void concurrentLookupsShareOneFetch() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger robotsRequests = new AtomicInteger();
		this.server.handle("/robots.txt", (exchange) -> {
			robotsRequests.incrementAndGet();
			try {
				release.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			LocalHttpServer.respond(200, TEXT, "User-agent: *\nDisallow: /x\n").handle(exchange);
		});
		List<Future<RobotsDecision>> decisions = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String url = this.server.url("/page" + i);
			decisions.add(this.callers.submit(() -> this.cache.check(url)));
		}

		Thread.sleep(200);
		release.countDown();

		for (Future<RobotsDecision> decision : decisions) {
			assertThat(decision.get(5, TimeUnit.SECONDS).allowed()).isTrue();
		}
		assertThat(robotsRequests.get()).isEqualTo(1);
	}

	@Test
	void expiredEntryIsFetchedAgain() throws Exception {
		serveRobots("User-agent: *\nDisallow: /private/\n");
		this.cache.check(this.server.url("/a"));

		this.clock.advance(Duration.ofHours(24));
		this.cache.check(this.server.url("/b"));

		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void freshEntryIsReused() throws Exception {
		serveRobots("User-agent: *\nDisallow: /private/\n");
		this.cache.check(this.server.url("/a"));

		this.clock.advance(Duration.ofHours(23));
		this.cache.check(this.server.url("/b"));

		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@ParameterizedTest(name = "status {0}")
	@ValueSource(ints = { 400, 401, 403, 404, 410 })
	void clientErrorAllowsEverything(int status) throws Exception {
		this.server.handle("/robots.txt", LocalHttpServer.respond(status, TEXT, "User-agent: *\nDisallow: /\n"));

		RobotsDecision decision = this.cache.check(this.server.url("/page"));

		assertThat(decision.allowed()).isTrue();
		assertThat(decision.reason()).contains("unavailable (HTTP status " + status + ")");
	}

	@ParameterizedTest(name = "status {0}")
	@ValueSource(ints = { 429, 500, 502, 503 })
	void serverErrorDisallowsEverything(int status) throws Exception {
		this.server.handle("/robots.txt", LocalHttpServer.respond(status, TEXT, "busy"));

		RobotsDecision decision = this.cache.check(this.server.url("/page"));

		assertThat(decision.allowed()).isFalse();
		assertThat(decision.reason()).contains("could not be fetched (HTTP status " + status + ")");
	}

	@Test
	void unreachableRobotsDisallowsEverything() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }))) {
			closedPort = socket.getLocalPort();
		}

		RobotsDecision decision = this.cache.check("http://127.0.0.1:" + closedPort + "/page");

		assertThat(decision.allowed()).isFalse();
		// OkHttp names the address; the innermost cause, the operating system's reason, follows in brackets.
		assertThat(decision.reason()).startsWith("robots.txt of http://127.0.0.1:" + closedPort + " could not be "
				+ "fetched (connection error: Failed to connect to /127.0.0.1:" + closedPort + " (");
		assertThat(decision.reason()).endsWith("), which disallows every path of the origin until robots.txt can be "
				+ "fetched again, after 60 s");
	}

	@Test
	void unreachableRobotsRetriedAfterShortTtl() throws Exception {
		this.server.handle("/robots.txt", LocalHttpServer.respond(503, TEXT, "busy"));
		this.cache.check(this.server.url("/a"));

		this.clock.advance(Duration.ofMinutes(1));
		this.cache.check(this.server.url("/b"));

		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void redirectedRobotsIsFollowed() throws Exception {
		this.server.handle("/robots.txt", LocalHttpServer.redirect(301, "/real-robots.txt"));
		this.server.handle("/real-robots.txt", LocalHttpServer.respond(200, TEXT, "User-agent: *\nDisallow: /x\n"));

		assertThat(this.cache.check(this.server.url("/x/page")).allowed()).isFalse();
	}

	@Test
	void crawlDelayIsReported() throws Exception {
		serveRobots("User-agent: *\nCrawl-delay: 2\nDisallow: /private/\n");

		assertThat(this.cache.check(this.server.url("/page")).crawlDelay()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void missingCrawlDelayIsNull() throws Exception {
		serveRobots("User-agent: *\nDisallow: /private/\n");

		assertThat(this.cache.check(this.server.url("/page")).crawlDelay()).isNull();
	}

	@Test
	void contentPastParseLimitIgnored() throws Exception {
		// The 500 KiB limit cuts "Allow: /abc" to "Allow: /a", which would tie with "Disallow: /a" and win.
		StringBuilder robots = new StringBuilder("User-agent: *\nDisallow: /a\n");
		String filler = "# " + "x".repeat(97) + "\n";
		while (robots.length() < 500 * 1024) {
			robots.append(filler);
		}
		robots.setLength(500 * 1024 - 10);
		robots.append("\nAllow: /abc\nDisallow: /late\n");
		serveRobots(robots.toString());

		assertThat(this.cache.check(this.server.url("/a/page")).allowed()).isFalse();
		assertThat(this.cache.check(this.server.url("/late")).allowed()).isTrue();
	}

	@Test
	void invalidUrlFails() {
		assertThatExceptionOfType(FetchException.class).isThrownBy(() -> this.cache.check("not a url"))
				.satisfies((failure) -> assertThat(failure.kind()).isEqualTo(FailureKind.INVALID_URL));
	}

	@Test
	void blockedRobotsLeavesDecisionToFetch() throws Exception {
		serveRobots("User-agent: *\nDisallow: /\n");
		PageFetcher guarded = new PageFetcher(FetchSettings.defaults());
		try (RobotsCache guardedCache = new RobotsCache(guarded, RobotsSettings.defaults(), this.clock)) {
			RobotsDecision decision = guardedCache.check(this.server.url("/page"));

			assertThat(decision.allowed()).isTrue();
			assertThat(this.server.requestCount()).isZero();
		}
		finally {
			guarded.close();
		}
	}

	@Test
	void cacheStaysWithinMaxOrigins() throws Exception {
		serveRobots("User-agent: *\nDisallow: /x\n");
		RobotsSettings small = new RobotsSettings("wordfleet", Duration.ofHours(1), Duration.ofMinutes(1),
				DataSize.ofKilobytes(500), 2);
		List<LocalHttpServer> others = List.of(LocalHttpServer.start(), LocalHttpServer.start(),
				LocalHttpServer.start());
		try (RobotsCache smallCache = new RobotsCache(this.fetcher, small, this.clock)) {
			smallCache.check(this.server.url("/page"));
			for (LocalHttpServer other : others) {
				smallCache.check(other.url("/page"));
			}

			assertThat(smallCache.size()).isLessThanOrEqualTo(2);
		}
		finally {
			others.forEach(LocalHttpServer::close);
		}
	}

	@Test
	void closedCacheFailsLookups() {
		serveRobots("User-agent: *\nDisallow: /x\n");
		this.cache.close();

		assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> this.cache.check(this.server.url("/page")))
				.withMessageContaining("RobotsCache is closed");
	}

	private void serveRobots(String content) {
		HttpHandler handler = LocalHttpServer.respond(200, TEXT, content.getBytes(StandardCharsets.UTF_8));
		this.server.handle("/robots.txt", handler);
	}

	/** A clock that tests move forward by hand. */
	private static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException("The test clock stays in UTC");
		}

	}

}
