package dev.wordfleet.worker.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A JDK {@link HttpServer} on 127.0.0.1 and an ephemeral port that counts the requests it receives. It is public for
 * the tests of other packages that fetch through a {@link PageFetcher}.
 */
public final class LocalHttpServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final AtomicInteger requestCount = new AtomicInteger();

	private final List<Headers> requestHeaders = new CopyOnWriteArrayList<>();

	private LocalHttpServer(HttpServer server) {
		this.server = server;
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	public static LocalHttpServer start() throws IOException {
		InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		return new LocalHttpServer(HttpServer.create(new InetSocketAddress(loopback, 0), 0));
	}

	/** Serves a path, and every path below it, with a handler; the exchange is closed afterwards. */
	public void handle(String path, HttpHandler handler) {
		this.server.createContext(path, (exchange) -> {
			this.requestCount.incrementAndGet();
			this.requestHeaders.add(exchange.getRequestHeaders());
			try (exchange) {
				handler.handle(exchange);
			}
		});
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	public int requestCount() {
		return this.requestCount.get();
	}

	public List<Headers> requestHeaders() {
		return this.requestHeaders;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	public static HttpHandler respond(int status, String contentType, String body) {
		return respond(status, contentType, body.getBytes(StandardCharsets.UTF_8));
	}

	/** Responds with a fixed {@code Content-Length}. */
	public static HttpHandler respond(int status, String contentType, byte[] body) {
		return (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", contentType);
			exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
			exchange.getResponseBody().write(body);
		};
	}

	/** Responds with chunked encoding, so without {@code Content-Length}. */
	static HttpHandler respondChunked(String contentType, byte[] body) {
		return (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", contentType);
			exchange.sendResponseHeaders(200, 0);
			exchange.getResponseBody().write(body);
		};
	}

	static HttpHandler respondGzip(String contentType, byte[] body) {
		return (exchange) -> {
			byte[] compressed = gzip(body);
			exchange.getResponseHeaders().set("Content-Type", contentType);
			exchange.getResponseHeaders().set("Content-Encoding", "gzip");
			exchange.sendResponseHeaders(200, compressed.length);
			exchange.getResponseBody().write(compressed);
		};
	}

	public static HttpHandler redirect(int status, String location) {
		return (exchange) -> {
			exchange.getResponseHeaders().set("Location", location);
			exchange.sendResponseHeaders(status, -1);
		};
	}

	/** Waits before sending the headers; the wait ends early when the server closes. */
	public static HttpHandler respondAfter(Duration delay) {
		return (exchange) -> {
			try {
				Thread.sleep(delay);
				exchange.sendResponseHeaders(204, -1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

	static byte[] gzip(byte[] body) throws IOException {
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
			out.write(body);
		}
		return compressed.toByteArray();
	}

	/**
	 * Sends a chunked body one byte per interval (20 ms unless given) for a bounded time, and records whether a
	 * write failed because the client closed the connection.
	 */
	static final class TrickleHandler implements HttpHandler {

		private final Duration duration;

		private final Duration interval;

		private final CountDownLatch firstByteSent = new CountDownLatch(1);

		private final CountDownLatch clientClosed = new CountDownLatch(1);

		TrickleHandler(Duration duration) {
			this(duration, Duration.ofMillis(20));
		}

		TrickleHandler(Duration duration, Duration interval) {
			this.duration = duration;
			this.interval = interval;
		}

		@Override
		public void handle(com.sun.net.httpserver.HttpExchange exchange) {
			long end = System.nanoTime() + this.duration.toNanos();
			try {
				exchange.getResponseHeaders().set("Content-Type", "text/plain");
				exchange.sendResponseHeaders(200, 0);
				OutputStream out = exchange.getResponseBody();
				out.write('x');
				out.flush();
				this.firstByteSent.countDown();
				while (System.nanoTime() < end) {
					Thread.sleep(this.interval);
					out.write('x');
					out.flush();
				}
			}
			catch (IOException ex) {
				this.clientClosed.countDown();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		boolean awaitFirstByteSent(Duration timeout) throws InterruptedException {
			return this.firstByteSent.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		}

		boolean awaitClientClosed(Duration timeout) throws InterruptedException {
			return this.clientClosed.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		}

	}

}
