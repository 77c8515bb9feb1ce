package dev.wordfleet.worker.fetch;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wordfleet.protocol.FailureKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static dev.wordfleet.worker.fetch.LocalHttpServer.redirect;
import static dev.wordfleet.worker.fetch.LocalHttpServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Redirects that servers send in practice: relative, non-ASCII, looping, and failures that carry their status.
 * Every request goes to a server on 127.0.0.1.
 */
class PageFetcherRedirectTest {

	private static final String TEXT = "text/plain; charset=utf-8";

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private LocalHttpServer server;

	private PageFetcher fetcher;

	@BeforeEach
	void start() throws IOException {
		this.server = LocalHttpServer.start();
		this.fetcher = new PageFetcher(new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(10),
				DataSize.ofKilobytes(64), true, "wordfleet-test/1", 5));
		this.closeables.add(this.server);
		this.closeables.add(this.fetcher);
	}

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	@Test
	void relativeLocationResolvesAgainstCurrentUrl() throws FetchException {
		this.server.handle("/a/b/start", redirect(301, "../c/end?x=1"));
		this.server.handle("/a/c/end", respond(200, TEXT, "end"));

		FetchedPage page = this.fetcher.prepare(this.server.url("/a/b/start")).execute();

		assertThat(page.url()).isEqualTo(URI.create(this.server.url("/a/c/end?x=1")));
		assertThat(text(page)).isEqualTo("end");
	}

	@Test
	void queryOnlyLocationKeepsPath() throws FetchException {
		this.server.handle("/search", (exchange) -> {
			if (exchange.getRequestURI().getQuery() == null) {
				redirect(302, "?page=2").handle(exchange);
			}
			else {
				respond(200, TEXT, "page 2").handle(exchange);
			}
		});

		FetchedPage page = this.fetcher.prepare(this.server.url("/search")).execute();

		assertThat(page.url()).isEqualTo(URI.create(this.server.url("/search?page=2")));
	}

	@Test
	void nonAsciiLocationIsPercentEncoded() throws Exception {
		// Raw UTF-8 bytes in the header, as some servers send them.
		RawHttpServer raw = raw((target, out) -> {
			String response = target.equals("/start")
					? "HTTP/1.1 302 Found\r\nLocation: /café/ß?q=ü\r\nContent-Length: 0\r\n\r\n"
					: "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";
			out.write(response.getBytes(StandardCharsets.UTF_8));
		});

		FetchedPage page = this.fetcher.prepare(raw.url("/start")).execute();

		assertThat(page.url()).isEqualTo(URI.create(raw.url("/caf%C3%A9/%C3%9F?q=%C3%BC")));
		assertThat(raw.targets()).containsExactly("/start", "/caf%C3%A9/%C3%9F?q=%C3%BC");
	}

	@Test
	void spaceInLocationIsPercentEncoded() throws Exception {
		RawHttpServer raw = raw((target, out) -> {
			String response = target.equals("/start")
					? "HTTP/1.1 302 Found\r\nLocation: /with space\r\nContent-Length: 0\r\n\r\n"
					: "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";
			out.write(response.getBytes(StandardCharsets.US_ASCII));
		});

		FetchedPage page = this.fetcher.prepare(raw.url("/start")).execute();

		assertThat(page.url()).isEqualTo(URI.create(raw.url("/with%20space")));
		assertThat(raw.targets()).containsExactly("/start", "/with%20space");
	}

	@Test
	void twoUrlLoopFailsOnSecondVisit() {
		this.server.handle("/ping", redirect(302, "/pong"));
		this.server.handle("/pong", redirect(302, "/ping"));

		FetchException failure = failureOf(this.server.url("/ping"));

		assertThat(failure.kind()).isEqualTo(FailureKind.HTTP_STATUS);
		assertThat(failure.getMessage()).contains("redirect loop", "/pong redirects to", "/ping");
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void loopThroughFragmentIsDetected() {
		this.server.handle("/page", redirect(302, "/page#top"));

		FetchException failure = failureOf(this.server.url("/page"));

		assertThat(failure.getMessage()).contains("redirect loop");
	}

	@Test
	void redirectFailureCarriesStatus() {
		this.server.handle("/nowhere", (exchange) -> exchange.sendResponseHeaders(307, -1));

		FetchException failure = failureOf(this.server.url("/nowhere"));

		assertThat(failure.status()).isEqualTo(307);
	}

	@Test
	void errorStatusCarriesRetryAfter() {
		this.server.handle("/busy", (exchange) -> {
			exchange.getResponseHeaders().set("Retry-After", "120");
			exchange.sendResponseHeaders(503, -1);
		});

		FetchException failure = failureOf(this.server.url("/busy"));

		assertThat(failure.status()).isEqualTo(503);
		assertThat(failure.retryAfter()).isEqualTo("120");
	}

	@Test
	void errorStatusWithoutRetryAfterHasNone() {
		this.server.handle("/gone", respond(404, TEXT, "gone"));

		FetchException failure = failureOf(this.server.url("/gone"));

		assertThat(failure.status()).isEqualTo(404);
		assertThat(failure.retryAfter()).isNull();
	}

	private RawHttpServer raw(RawHttpServer.Handler handler) throws IOException {
		RawHttpServer raw = RawHttpServer.start(handler);
		this.closeables.add(raw);
		return raw;
	}

	private FetchException failureOf(String url) {
		try {
			FetchedPage page = this.fetcher.prepare(url).execute();
			return fail("Expected the fetch to fail, but it returned " + page);
		}
		catch (FetchException ex) {
			return ex;
		}
	}

	private static String text(FetchedPage page) {
		return new String(page.body(), StandardCharsets.UTF_8);
	}

}
