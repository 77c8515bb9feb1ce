package dev.wordfleet.worker.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import com.sun.management.ThreadMXBean;
import com.sun.net.httpserver.HttpHandler;
import dev.wordfleet.protocol.FailureKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static dev.wordfleet.worker.fetch.LocalHttpServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Response bodies as hostile or broken servers send them: compressed, bombs, cut short or trickled. Every request
 * goes to a server on 127.0.0.1.
 */
class PageFetcherBodyTest {

	private static final String TEXT = "text/plain; charset=utf-8";

	private static final String WORDS = "compressible words and more words ".repeat(40);

	private static final long ONE_MIB = 1024 * 1024;

	private final List<PageFetcher> fetchers = new ArrayList<>();

	private final List<AutoCloseable> servers = new ArrayList<>();

	private LocalHttpServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = LocalHttpServer.start();
		this.servers.add(this.server);
	}

	@AfterEach
	void stopEverything() throws Exception {
		this.fetchers.forEach(PageFetcher::close);
		for (AutoCloseable closeable : this.servers) {
			closeable.close();
		}
	}

	@Test
	void requestOffersGzipAndDeflate() throws FetchException {
		this.server.handle("/", respond(200, TEXT, "ok"));

		fetcher(DataSize.ofKilobytes(64)).prepare(this.server.url("/")).execute();

		assertThat(this.server.requestHeaders().getFirst().getFirst("Accept-Encoding")).isEqualTo("gzip, deflate");
	}

	@Test
	void gzipBodyIsDecoded() throws Exception {
		this.server.handle("/gzip", encoded("gzip", LocalHttpServer.gzip(utf8(WORDS))));

		FetchedPage page = fetcher(DataSize.ofKilobytes(64)).prepare(this.server.url("/gzip")).execute();

		assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo(WORDS);
	}

	@Test
	void zlibDeflateBodyIsDecoded() throws Exception {
		this.server.handle("/zlib", encoded("deflate", deflate(utf8(WORDS), false)));

		FetchedPage page = fetcher(DataSize.ofKilobytes(64)).prepare(this.server.url("/zlib")).execute();

		assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo(WORDS);
	}

	@Test
	void rawDeflateBodyIsDecoded() throws Exception {
		this.server.handle("/raw", encoded("deflate", deflate(utf8(WORDS), true)));

		FetchedPage page = fetcher(DataSize.ofKilobytes(64)).prepare(this.server.url("/raw")).execute();

		assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo(WORDS);
	}

	@Test
	void encodingNameMatchedCaseInsensitively() throws Exception {
		this.server.handle("/upper", encoded("DEFLATE", deflate(utf8(WORDS), false)));

		FetchedPage page = fetcher(DataSize.ofKilobytes(64)).prepare(this.server.url("/upper")).execute();

		assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo(WORDS);
	}

	@Test
	void identityEncodingIsReturnedAsIs() throws Exception {
		this.server.handle("/identity", encoded("identity", utf8(WORDS)));

		FetchedPage page = fetcher(DataSize.ofKilobytes(64)).prepare(this.server.url("/identity")).execute();

		assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo(WORDS);
	}

	@Test
	void emptyGzipBodyIsEmpty() throws Exception {
		RawHttpServer raw = raw(RawHttpServer.always(
				"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: 0\r\n\r\n"));

		FetchedPage page = fetcher(DataSize.ofKilobytes(64)).prepare(raw.url("/empty")).execute();

		assertThat(page.body()).isEmpty();
	}

	@Test
	void emptyChunkedDeflateBodyIsEmpty() throws Exception {
		RawHttpServer raw = raw(RawHttpServer.always("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
				+ "Content-Encoding: deflate\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));

		FetchedPage page = fetcher(DataSize.ofKilobytes(64)).prepare(raw.url("/empty")).execute();

		assertThat(page.body()).isEmpty();
	}

	@Test
	void unsupportedEncodingFails() {
		this.server.handle("/br", encoded("br", new byte[] { 1, 2, 3, 4 }));

		FetchException failure = failureOf(fetcher(DataSize.ofKilobytes(64)).prepare(this.server.url("/br")));

		assertThat(failure.kind()).isEqualTo(FailureKind.UNSUPPORTED_CONTENT_TYPE);
		assertThat(failure.getMessage()).contains("Content-Encoding 'br' is not supported");
	}

	@Test
	void gzipBombFailsWithTooLarge() throws Exception {
		byte[] bomb = LocalHttpServer.gzip(new byte[20 * (int) ONE_MIB]);
		assertThat(bomb.length).isLessThan(64 * 1024);
		this.server.handle("/bomb", encoded("gzip", bomb));
		PendingFetch fetch = fetcher(DataSize.ofMegabytes(1)).prepare(this.server.url("/bomb"));

		Measured<FetchException> failure = allocationOf(() -> failureOf(fetch));

		assertThat(failure.result().kind()).isEqualTo(FailureKind.TOO_LARGE);
		assertThat(failure.allocatedBytes()).isLessThan(4 * ONE_MIB);
	}

	@Test
	void deflateBombFailsWithTooLarge() throws Exception {
		byte[] bomb = deflate(new byte[20 * (int) ONE_MIB], false);
		this.server.handle("/bomb", encoded("deflate", bomb));
		PendingFetch fetch = fetcher(DataSize.ofMegabytes(1)).prepare(this.server.url("/bomb"));

		Measured<FetchException> failure = allocationOf(() -> failureOf(fetch));

		assertThat(failure.result().kind()).isEqualTo(FailureKind.TOO_LARGE);
		assertThat(failure.allocatedBytes()).isLessThan(4 * ONE_MIB);
	}

	@Test
	void bodyShorterThanContentLengthFails() throws Exception {
		RawHttpServer raw = raw(RawHttpServer.always(
				"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n" + "x".repeat(50)));

		FetchException failure = failureOf(fetcher(DataSize.ofKilobytes(64)).prepare(raw.url("/short")));

		assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION);
		assertThat(failure.getMessage()).contains("body ended early", "after 50 decoded bytes");
	}

	@Test
	void unfinishedChunkedBodyFails() throws Exception {
		RawHttpServer raw = raw(RawHttpServer.always(
				"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));

		FetchException failure = failureOf(fetcher(DataSize.ofKilobytes(64)).prepare(raw.url("/chunked")));

		assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION);
		assertThat(failure.getMessage()).contains("body ended early");
	}

	@Test
	void gzipStreamCutShortFails() throws Exception {
		byte[] gzip = LocalHttpServer.gzip(utf8(WORDS));
		byte[] cut = Arrays.copyOf(gzip, gzip.length / 2);
		this.server.handle("/cut", encoded("gzip", cut));

		FetchException failure = failureOf(fetcher(DataSize.ofKilobytes(64)).prepare(this.server.url("/cut")));

		assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION);
	}

	@Test
	void tricklingBodyHitsTotalTimeout() throws Exception {
		String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n";
		RawHttpServer raw = raw(RawHttpServer.trickle(head, Duration.ofMillis(200), Duration.ofSeconds(10)));
		FetchSettings settings = new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(1),
				DataSize.ofKilobytes(64), true, "wordfleet-test/1", 5);
		PageFetcher fetcher = track(new PageFetcher(settings));

		long started = System.nanoTime();
		FetchException failure = failureOf(fetcher.prepare(raw.url("/trickle")));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
		assertThat(elapsed).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
	}

	@Test
	void prefixFetchCutsLongBody() throws FetchException {
		this.server.handle("/long", respond(200, TEXT, "abcdefghij"));

		FetchedPage page = fetcher(DataSize.ofKilobytes(64)).preparePrefix(this.server.url("/long"),
				DataSize.ofBytes(4)).execute();

		assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("abcd");
		assertThat(page.truncated()).isTrue();
	}

	@Test
	void prefixFetchKeepsBodyAtLimit() throws FetchException {
		this.server.handle("/exact", respond(200, TEXT, "abcd"));

		FetchedPage page = fetcher(DataSize.ofKilobytes(64)).preparePrefix(this.server.url("/exact"),
				DataSize.ofBytes(4)).execute();

		assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("abcd");
		assertThat(page.truncated()).isFalse();
	}

	@Test
	void prefixFetchCutsGzipBomb() throws Exception {
		this.server.handle("/bomb", encoded("gzip", LocalHttpServer.gzip(new byte[20 * (int) ONE_MIB])));

		FetchedPage page = fetcher(DataSize.ofMegabytes(1)).preparePrefix(this.server.url("/bomb"),
				DataSize.ofKilobytes(500)).execute();

		assertThat(page.body()).hasSize(500 * 1024);
		assertThat(page.truncated()).isTrue();
	}

	@Test
	void wholeFetchNeverTruncates() throws FetchException {
		this.server.handle("/small", respond(200, TEXT, "abcd"));

		FetchedPage page = fetcher(DataSize.ofKilobytes(64)).prepare(this.server.url("/small")).execute();

		assertThat(page.truncated()).isFalse();
	}

	private static HttpHandler encoded(String encoding, byte[] body) {
		return (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", TEXT);
			exchange.getResponseHeaders().set("Content-Encoding", encoding);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
		};
	}

	/** Compresses with the deflate coding: zlib-wrapped, or raw as some servers send it. */
	private static byte[] deflate(byte[] body, boolean raw) throws IOException {
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, raw);
		try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, deflater)) {
			out.write(body);
		}
		finally {
			deflater.end();
		}
		return compressed.toByteArray();
	}

	/**
	 * Runs an action and counts the bytes that the current thread allocated meanwhile. A synchronous OkHttp call
	 * reads and decodes the body on the calling thread, so a body buffered whole would show here.
	 */
	private static <T> Measured<T> allocationOf(Supplier<T> action) {
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		assertThat(before).as("allocation counting on this thread").isNotNegative();
		T result = action.get();
		return new Measured<>(result, threads.getCurrentThreadAllocatedBytes() - before);
	}

	private record Measured<T>(T result, long allocatedBytes) {
	}

	private PageFetcher fetcher(DataSize cap) {
		return track(new PageFetcher(new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), cap, true,
				"wordfleet-test/1", 5)));
	}

	private PageFetcher track(PageFetcher fetcher) {
		this.fetchers.add(fetcher);
		return fetcher;
	}

	private RawHttpServer raw(RawHttpServer.Handler handler) throws IOException {
		RawHttpServer raw = RawHttpServer.start(handler);
		this.servers.add(raw);
		return raw;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void streamedBodyIsDecodedAndCounted() throws Exception {
		this.server.handle("/gzip", encoded("gzip", LocalHttpServer.gzip(utf8(WORDS))));

		byte[] body = fetcher(DataSize.ofKilobytes(64)).prepare(this.server.url("/gzip"))
			.execute((response, stream) -> stream.readAllBytes());

		assertThat(body).isEqualTo(utf8(WORDS));
	}

	@Test
	void streamedBodyShorterThanContentLengthFails() throws Exception {
		RawHttpServer raw = raw(RawHttpServer.always(
				"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n" + "x".repeat(50)));

		FetchException failure = streamedFailureOf(fetcher(DataSize.ofKilobytes(64)).prepare(raw.url("/short")));

		assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION);
		assertThat(failure.getMessage()).contains("body ended early", "after 50 decoded bytes");
	}

	@Test
	void streamedCutBodyFailsAfterEarlyStop() throws Exception {
		RawHttpServer raw = raw(RawHttpServer.always(
				"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
		PendingFetch fetch = fetcher(DataSize.ofKilobytes(64)).prepare(raw.url("/chunked"));

		FetchException failure = assertThrows(FetchException.class, () -> fetch.execute((response, stream) -> {
			stream.read();
			return "stopped after one byte";
		}));

		assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION);
		assertThat(failure.getMessage()).contains("body ended early");
	}

	@Test
	void streamedGzipBombFailsWithTooLarge() throws Exception {
		byte[] bomb = LocalHttpServer.gzip(new byte[20 * (int) ONE_MIB]);
		this.server.handle("/bomb", encoded("gzip", bomb));
		PendingFetch fetch = fetcher(DataSize.ofMegabytes(1)).prepare(this.server.url("/bomb"));

		Measured<FetchException> failure = allocationOf(() -> streamedFailureOf(fetch));

		assertThat(failure.result().kind()).isEqualTo(FailureKind.TOO_LARGE);
		assertThat(failure.allocatedBytes()).isLessThan(4 * ONE_MIB);
	}

	@Test
	void streamedGzipStreamCutShortFails() throws Exception {
		byte[] gzip = LocalHttpServer.gzip(utf8(WORDS));
		this.server.handle("/cut", encoded("gzip", Arrays.copyOf(gzip, gzip.length / 2)));

		FetchException failure = streamedFailureOf(fetcher(DataSize.ofKilobytes(64)).prepare(this.server.url("/cut")));

		assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION);
	}

	@Test
	void streamedTricklingBodyHitsTotalTimeout() throws Exception {
		String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n";
		RawHttpServer raw = raw(RawHttpServer.trickle(head, Duration.ofMillis(200), Duration.ofSeconds(10)));
		FetchSettings settings = new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(1),
				DataSize.ofKilobytes(64), true, "wordfleet-test/1", 5);
		PageFetcher fetcher = track(new PageFetcher(settings));

		FetchException failure = streamedFailureOf(fetcher.prepare(raw.url("/trickle")));

		assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
	}

	/** Reads a streamed body in small pieces, as the word counter does, and returns the failure. */
	private static FetchException streamedFailureOf(PendingFetch fetch) {
		try {
			long read = fetch.execute((response, stream) -> {
				byte[] buffer = new byte[512];
				long total = 0;
				for (int n = stream.read(buffer); n != -1; n = stream.read(buffer)) {
					total += n;
				}
				return total;
			});
			return fail("Expected the fetch to fail, but it read " + read + " bytes");
		}
		catch (FetchException ex) {
			return ex;
		}
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

}
