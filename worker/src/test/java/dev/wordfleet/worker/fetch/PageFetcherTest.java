package dev.wordfleet.worker.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.worker.fetch.LocalHttpServer.TrickleHandler;
import okhttp3.Dns;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

import static dev.wordfleet.worker.fetch.LocalHttpServer.redirect;
import static dev.wordfleet.worker.fetch.LocalHttpServer.respond;
import static dev.wordfleet.worker.fetch.LocalHttpServer.respondAfter;
import static dev.wordfleet.worker.fetch.LocalHttpServer.respondChunked;
import static dev.wordfleet.worker.fetch.LocalHttpServer.respondGzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.fail;

/**
 * Fetches against a {@link LocalHttpServer} on 127.0.0.1. Every request in these tests goes to that server or to a
 * closed port on 127.0.0.1.
 */
class PageFetcherTest {

	private static final String HTML = "text/html; charset=utf-8";

	private static final int BODY_CAP = 1024;

	private final List<PageFetcher> fetchers = new ArrayList<>();

	private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

	private LocalHttpServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = LocalHttpServer.start();
	}

	@AfterEach
	void stopEverything() {
		this.fetchers.forEach(PageFetcher::close);
		this.callers.shutdownNow();
		this.server.close();
	}

	@Test
	void slowResponsesReuseTheirConnections() throws Exception {
		Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
		this.server.handle("/slow", (exchange) -> {
			clientPorts.add(exchange.getRemoteAddress().getPort());
			respondAfter(Duration.ofMillis(50)).handle(exchange);
		});
		PageFetcher fetcher = fetcher(FetchSettings.defaults().withAllowPrivateNetworks(true));
		int inFlight = 8;
		int fetchesEach = 6;

		// Each caller fetches one page after the other, as a fetch slot does, so at most 8 are in flight at once.
		List<Future<?>> callers = new ArrayList<>();
		for (int caller = 0; caller < inFlight; caller++) {
			callers.add(this.callers.submit(() -> {
				for (int fetch = 0; fetch < fetchesEach; fetch++) {
					fetcher.prepare(this.server.url("/slow")).execute();
				}
				return null;
			}));
		}
		for (Future<?> caller : callers) {
			caller.get(30, TimeUnit.SECONDS);
		}

		assertThat(this.server.requestCount()).isEqualTo(inFlight * fetchesEach);
		assertThat(clientPorts).hasSizeLessThanOrEqualTo(inFlight);
	}

	/** Returns the default guard with the test server's port allowed, so that the address checks reject. */
	private FetchSettings guardedAllowingServerPort() {
		return FetchSettings.defaults().withAllowedPorts(Set.of(80, 443, this.server.port()));
	}

	@Test
	void portOutsideTheAllowedListBlockedBeforeAnyRequest() {
		this.server.handle("/", respond(200, HTML, "<p>secret</p>"));

		// A host name, because an IP literal is rejected for its address first.
		String url = "http://localhost:" + this.server.port() + "/";

		FetchException failure = failureOf(fetcher(FetchSettings.defaults()).prepare(url));

		assertThat(failure.kind()).isEqualTo(FailureKind.BLOCKED);
		assertThat(failure.getMessage()).contains("port " + this.server.port() + " is not one of the allowed ports "
				+ "[80, 443]", "--allowed-ports", "wordfleet.fetch.allowed-ports");
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void redirectToAPortOutsideTheAllowedListBlocked() {
		this.server.handle("/", LocalHttpServer.redirect(302, "http://127.0.0.1:25/"));

		FetchException failure = failureOf(fetcher(FetchSettings.defaults().withAllowPrivateNetworks(true))
			.prepare(this.server.url("/")));

		assertThat(failure.kind()).isEqualTo(FailureKind.BLOCKED);
		assertThat(failure.getMessage()).contains("port 25 is reserved");
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void loopbackLiteralOnAnotherPortAdvisesPrivateNetworks() {
		FetchException failure = failureOf(fetcher(FetchSettings.defaults()).prepare(this.server.url("/")));

		assertThat(failure.kind()).isEqualTo(FailureKind.BLOCKED);
		assertThat(failure.getMessage()).contains("loopback range", "--allow-private-networks");
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void loopbackLiteralBlockedByDefault() {
		this.server.handle("/", respond(200, HTML, "<p>secret</p>"));

		FetchException failure = failureOf(fetcher(guardedAllowingServerPort()).prepare(this.server.url("/")));

		assertThat(failure.kind()).isEqualTo(FailureKind.BLOCKED);
		assertThat(failure.getMessage()).contains("address 127.0.0.1 is in the loopback range",
				"--allow-private-networks", "wordfleet.fetch.allow-private-networks");
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void localhostNameBlockedByDefault() {
		this.server.handle("/", respond(200, HTML, "<p>secret</p>"));

		String url = "http://localhost:" + this.server.port() + "/";
		FetchException failure = failureOf(fetcher(guardedAllowingServerPort()).prepare(url));

		assertThat(failure.kind()).isEqualTo(FailureKind.BLOCKED);
		assertThat(failure.getMessage()).contains("host localhost", "loopback", "--allow-private-networks");
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void shortLoopbackFormBlockedBeforeConnecting() {
		this.server.handle("/", respond(200, HTML, "<p>secret</p>"));
		String url = "http://127.1:" + this.server.port() + "/";

		FetchException failure = failureOf(fetcher(guardedAllowingServerPort()).prepare(url));

		assertThat(failure.kind()).isEqualTo(FailureKind.BLOCKED);
		assertThat(failure.getMessage()).contains("address 127.1 (127.0.0.1) is in the loopback range");
		assertThat(this.server.requestCount()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "2130706433", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1", "017700000001", "127.1",
			"[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:127.0.0.1]" })
	void loopbackInOtherNotationsBlockedBeforeAnyRequest(String host) {
		this.server.handle("/", respond(200, HTML, "<p>secret</p>"));
		String url = "http://" + host + ":" + this.server.port() + "/";

		FetchException failure = failureOf(fetcher(guardedAllowingServerPort()).prepare(url));

		assertThat(failure.kind()).as(host).isEqualTo(FailureKind.BLOCKED);
		assertThat(failure.getMessage()).as(host).contains("127.0.0.1", "loopback");
		assertThat(this.server.requestCount()).as(host).isZero();
	}

	@Test
	void ipv6LoopbackLiteralBlockedByDefault() {
		FetchException failure = failureOf(fetcher(FetchSettings.defaults().withAllowedPorts(Set.of(8080))).prepare("http://[::1]:8080/"));

		assertThat(failure.kind()).isEqualTo(FailureKind.BLOCKED);
		assertThat(failure.getMessage()).contains("loopback");
	}

	@Test
	void connectedLoopbackBlockedByInterceptor() {
		this.server.handle("/", respond(200, HTML, "<p>secret</p>"));
		// A resolver that skips the guard, as a name rebound after the check would.
		Dns rebinding = hostname -> List.of(loopback());
		PageFetcher fetcher = track(new PageFetcher(guardedAllowingServerPort(), rebinding));

		FetchException failure = failureOf(fetcher.prepare("http://rebound.test:" + this.server.port() + "/"));

		assertThat(failure.kind()).isEqualTo(FailureKind.BLOCKED);
		assertThat(failure.getMessage()).contains("host rebound.test has address 127.0.0.1");
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void loopbackAllowedWhenPrivateAllowed() throws FetchException {
		this.server.handle("/", respond(200, HTML, "<p>hello</p>"));

		FetchedPage page = fetcher(localSettings()).prepare(this.server.url("/")).execute();

		assertThat(page.status()).isEqualTo(200);
	}

	@Test
	void returnsBodyContentTypeAndUrl() throws FetchException {
		this.server.handle("/page", respond(200, HTML, "<p>hello, wörld</p>"));

		FetchedPage page = fetcher(localSettings()).prepare(this.server.url("/page")).execute();

		assertThat(page.url()).isEqualTo(URI.create(this.server.url("/page")));
		assertThat(page.contentType()).isEqualTo(HTML);
		assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("<p>hello, wörld</p>");
	}

	@Test
	void returnsNullContentTypeWhenMissing() throws FetchException {
		this.server.handle("/bare", (exchange) -> {
			exchange.sendResponseHeaders(200, 2);
			exchange.getResponseBody().write(new byte[] { 'o', 'k' });
		});

		FetchedPage page = fetcher(localSettings()).prepare(this.server.url("/bare")).execute();

		assertThat(page.contentType()).isNull();
	}

	@Test
	void sendsConfiguredUserAgent() throws FetchException {
		this.server.handle("/", respond(200, HTML, "<p>hello</p>"));

		fetcher(localSettings()).prepare(this.server.url("/")).execute();

		assertThat(this.server.requestHeaders().getFirst().getFirst("User-Agent")).isEqualTo("wordfleet-test/1");
	}

	@ParameterizedTest(name = "status {0}")
	@ValueSource(ints = { 400, 404, 410, 500, 503 })
	void errorStatusFailsWithHttpStatus(int status) {
		this.server.handle("/status", respond(status, HTML, "<p>error</p>"));

		FetchException failure = failureOf(fetcher(localSettings()).prepare(this.server.url("/status")));

		assertThat(failure.kind()).isEqualTo(FailureKind.HTTP_STATUS);
		assertThat(failure.getMessage()).contains("HTTP status " + status, this.server.url("/status"));
	}

	@Test
	void slowBodyFailsWithTimeout() {
		this.server.handle("/slow", new TrickleHandler(Duration.ofSeconds(10)));
		FetchSettings settings = new FetchSettings(Duration.ofSeconds(2), Duration.ofMillis(500),
				DataSize.ofKilobytes(64), true, "wordfleet-test/1", 5);

		long started = System.nanoTime();
		FetchException failure = failureOf(fetcher(settings).prepare(this.server.url("/slow")));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
		assertThat(failure.getMessage()).contains("500 ms");
		assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void slowHeadersFailWithTimeout() {
		this.server.handle("/late", respondAfter(Duration.ofSeconds(10)));
		FetchSettings settings = new FetchSettings(Duration.ofSeconds(2), Duration.ofMillis(500),
				DataSize.ofKilobytes(64), true, "wordfleet-test/1", 5);

		long started = System.nanoTime();
		FetchException failure = failureOf(fetcher(settings).prepare(this.server.url("/late")));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
		assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void closedPortFailsWithConnection() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
			closedPort = socket.getLocalPort();
		}

		FetchException failure = failureOf(fetcher(localSettings()).prepare("http://127.0.0.1:" + closedPort + "/"));

		assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION);
		assertThat(failure.getMessage()).contains("127.0.0.1:" + closedPort);
	}

	@Test
	void unknownHostFailsWithConnection() {
		Dns unknown = hostname -> {
			throw new UnknownHostException("no such host: " + hostname);
		};
		PageFetcher fetcher = track(new PageFetcher(localSettings(), unknown));

		FetchException failure = failureOf(fetcher.prepare("http://missing.test/"));

		assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION);
		assertThat(failure.getMessage()).contains("unknown host missing.test");
	}

	@Test
	void declaredLengthAboveCapFailsWithTooLarge() {
		this.server.handle("/big", respond(200, HTML, new byte[4 * BODY_CAP]));

		FetchException failure = failureOf(fetcher(localSettings()).prepare(this.server.url("/big")));

		assertThat(failure.kind()).isEqualTo(FailureKind.TOO_LARGE);
		assertThat(failure.getMessage()).contains("Content-Length " + 4 * BODY_CAP, "limit of " + BODY_CAP);
	}

	@Test
	void chunkedBodyAboveCapFailsWithTooLarge() {
		this.server.handle("/big", respondChunked(HTML, new byte[4 * BODY_CAP]));

		FetchException failure = failureOf(fetcher(localSettings()).prepare(this.server.url("/big")));

		assertThat(failure.kind()).isEqualTo(FailureKind.TOO_LARGE);
		assertThat(failure.getMessage()).contains("larger than the limit of " + BODY_CAP + " bytes");
	}

	@Test
	void chunkedBodyAtCapIsReturned() throws FetchException {
		this.server.handle("/full", respondChunked(HTML, new byte[BODY_CAP]));

		FetchedPage page = fetcher(localSettings()).prepare(this.server.url("/full")).execute();

		assertThat(page.body()).hasSize(BODY_CAP);
	}

	@Test
	void gzipBodyIsDecoded() throws FetchException {
		String html = "<p>" + "compressible words ".repeat(20) + "</p>";
		this.server.handle("/gzip", respondGzip(HTML, html.getBytes(StandardCharsets.UTF_8)));

		FetchedPage page = fetcher(localSettings()).prepare(this.server.url("/gzip")).execute();

		assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo(html);
	}

	@Test
	void gzipBodyCappedAfterDecoding() throws IOException {
		byte[] decoded = new byte[64 * BODY_CAP];
		assertThat(LocalHttpServer.gzip(decoded)).hasSizeLessThan(BODY_CAP);
		this.server.handle("/bomb", respondGzip(HTML, decoded));

		FetchException failure = failureOf(fetcher(localSettings()).prepare(this.server.url("/bomb")));

		assertThat(failure.kind()).isEqualTo(FailureKind.TOO_LARGE);
	}

	@Test
	void followsRedirectChain() throws FetchException {
		this.server.handle("/start", redirect(302, "middle"));
		this.server.handle("/middle", redirect(301, this.server.url("/end")));
		this.server.handle("/end", respond(200, HTML, "<p>end</p>"));

		FetchedPage page = fetcher(localSettings()).prepare(this.server.url("/start")).execute();

		assertThat(page.url()).isEqualTo(URI.create(this.server.url("/end")));
		assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("<p>end</p>");
	}

	@Test
	void redirectToItselfFailsAtOnce() {
		this.server.handle("/loop", redirect(302, "/loop"));
		FetchSettings settings = new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(10),
				DataSize.ofKilobytes(64), true, "wordfleet-test/1", 3);

		FetchException failure = failureOf(fetcher(settings).prepare(this.server.url("/loop")));

		assertThat(failure.kind()).isEqualTo(FailureKind.HTTP_STATUS);
		assertThat(failure.getMessage()).contains("redirect loop", "already requested");
		assertThat(this.server.requestCount()).isEqualTo(1);
	}

	@Test
	void endlessDistinctRedirectsFailAfterLimit() {
		this.server.handle("/next", (exchange) -> {
			String query = exchange.getRequestURI().getQuery();
			int step = (query == null) ? 0 : Integer.parseInt(query);
			exchange.getResponseHeaders().set("Location", "/next?" + (step + 1));
			exchange.sendResponseHeaders(302, -1);
		});
		FetchSettings settings = new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(10),
				DataSize.ofKilobytes(64), true, "wordfleet-test/1", 3);

		FetchException failure = failureOf(fetcher(settings).prepare(this.server.url("/next")));

		assertThat(failure.kind()).isEqualTo(FailureKind.HTTP_STATUS);
		assertThat(failure.getMessage()).contains("too many redirects", "limit is 3");
		assertThat(this.server.requestCount()).isEqualTo(4);
	}

	@Test
	void redirectChainLongerThanLimitFails() {
		this.server.handle("/hop1", redirect(307, "/hop2"));
		this.server.handle("/hop2", redirect(308, "/hop3"));
		this.server.handle("/hop3", redirect(303, "/hop4"));
		this.server.handle("/hop4", respond(200, HTML, "<p>too far</p>"));
		FetchSettings settings = new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(10),
				DataSize.ofKilobytes(64), true, "wordfleet-test/1", 2);

		FetchException failure = failureOf(fetcher(settings).prepare(this.server.url("/hop1")));

		assertThat(failure.kind()).isEqualTo(FailureKind.HTTP_STATUS);
		assertThat(failure.getMessage()).contains("too many redirects", "/hop4");
	}

	@Test
	void redirectToFileSchemeBlocked() {
		this.server.handle("/escape", redirect(302, "file:///etc/passwd"));

		FetchException failure = failureOf(fetcher(localSettings()).prepare(this.server.url("/escape")));

		assertThat(failure.kind()).isEqualTo(FailureKind.BLOCKED);
		assertThat(failure.getMessage()).contains("file:///etc/passwd");
	}

	@Test
	void redirectToBadPortBlocked() {
		this.server.handle("/smtp", redirect(302, "http://127.0.0.1:25/"));

		FetchException failure = failureOf(fetcher(localSettings()).prepare(this.server.url("/smtp")));

		assertThat(failure.kind()).isEqualTo(FailureKind.BLOCKED);
		assertThat(failure.getMessage()).contains("port 25");
	}

	@Test
	void redirectWithoutLocationFails() {
		this.server.handle("/nowhere", (exchange) -> exchange.sendResponseHeaders(302, -1));

		FetchException failure = failureOf(fetcher(localSettings()).prepare(this.server.url("/nowhere")));

		assertThat(failure.kind()).isEqualTo(FailureKind.HTTP_STATUS);
		assertThat(failure.getMessage()).contains("without a Location header");
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "", "   ", "not a url", "/relative/path", "example.invalid/page", "http://",
			"http://exa mple.invalid/", "ftp://example.invalid/file", "file:///etc/passwd", "javascript:alert(1)",
			"mailto:someone@example.invalid" })
	void invalidUrlFailsWithInvalidUrl(String url) {
		FetchException failure = failureOf(fetcher(localSettings()).prepare(url));

		assertThat(failure.kind()).isEqualTo(FailureKind.INVALID_URL);
		assertThat(failure.getMessage()).contains("Invalid URL '" + url + "'");
	}

	@Test
	void cancelAbortsSlowResponse() throws Exception {
		TrickleHandler slow = new TrickleHandler(Duration.ofSeconds(10));
		this.server.handle("/slow", slow);
		PendingFetch fetch = fetcher(localSettings()).prepare(this.server.url("/slow"));
		CompletableFuture<FetchException> outcome = CompletableFuture.supplyAsync(() -> failureOf(fetch),
				this.callers);
		assertThat(slow.awaitFirstByteSent(Duration.ofSeconds(5))).isTrue();

		long cancelled = System.nanoTime();
		fetch.cancel();
		FetchException failure = outcome.get(5, TimeUnit.SECONDS);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - cancelled);

		assertThat(elapsed).isLessThan(Duration.ofSeconds(1));
		assertThat(failure).isInstanceOf(FetchCancelledException.class);
		assertThat(failure.isCancelled()).isTrue();
		assertThat(slow.awaitClientClosed(Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void interruptOnVirtualThreadCancels() throws Exception {
		this.server.handle("/late", respondAfter(Duration.ofSeconds(10)));
		PendingFetch fetch = fetcher(localSettings()).prepare(this.server.url("/late"));
		CompletableFuture<FetchException> outcome = new CompletableFuture<>();
		Thread caller = Thread.ofVirtual().start(() -> outcome.complete(failureOf(fetch)));
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.server.requestCount() == 1);

		caller.interrupt();

		assertThat(outcome.get(2, TimeUnit.SECONDS).isCancelled()).isTrue();
	}

	@Test
	void cancelBeforeExecuteSendsNothing() {
		this.server.handle("/", respond(200, HTML, "<p>hello</p>"));
		PendingFetch fetch = fetcher(localSettings()).prepare(this.server.url("/"));
		fetch.cancel();
		fetch.cancel();

		FetchException failure = failureOf(fetch);

		assertThat(failure.isCancelled()).isTrue();
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void closeCancelsFetchInFlight() throws Exception {
		TrickleHandler slow = new TrickleHandler(Duration.ofSeconds(10));
		this.server.handle("/slow", slow);
		PageFetcher fetcher = fetcher(localSettings());
		PendingFetch fetch = fetcher.prepare(this.server.url("/slow"));
		CompletableFuture<FetchException> outcome = CompletableFuture.supplyAsync(() -> failureOf(fetch),
				this.callers);
		assertThat(slow.awaitFirstByteSent(Duration.ofSeconds(5))).isTrue();

		fetcher.close();

		assertThat(outcome.get(5, TimeUnit.SECONDS).isCancelled()).isTrue();
	}

	@Test
	void prepareAfterCloseFails() {
		PageFetcher fetcher = fetcher(localSettings());
		fetcher.close();

		assertThatIllegalStateException().isThrownBy(() -> fetcher.prepare(this.server.url("/")))
				.withMessageContaining("closed");
	}

	@Test
	void secondExecuteFails() throws FetchException {
		this.server.handle("/", respond(200, HTML, "<p>hello</p>"));
		PendingFetch fetch = fetcher(localSettings()).prepare(this.server.url("/"));
		fetch.execute();

		assertThatIllegalStateException().isThrownBy(fetch::execute).withMessageContaining("already executed");
	}

	/** Settings that allow the loopback server, with a small body cap. */
	private static FetchSettings localSettings() {
		return new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), DataSize.ofBytes(BODY_CAP), true,
				"wordfleet-test/1", 5);
	}

	private PageFetcher fetcher(FetchSettings settings) {
		return track(new PageFetcher(settings));
	}

	private PageFetcher track(PageFetcher fetcher) {
		this.fetchers.add(fetcher);
		return fetcher;
	}

	private static FetchException failureOf(PendingFetch fetch) {
		try {
			FetchedPage page = fetch.execute();
			return fail("Expected the fetch to fail, but it returned " + page);
		}
		catch (FetchException ex) {
			return ex;
		}
	}

	private static InetAddress loopback() {
		try {
			return InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
