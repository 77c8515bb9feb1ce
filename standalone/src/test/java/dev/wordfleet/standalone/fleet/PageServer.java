package dev.wordfleet.standalone.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on 127.0.0.1 for fleet tests. It serves fixed pages, slow pages that stream their body in chunks,
 * and failing paths, and records every request: when it started, how it ended, and how many were open at once.
 */
public final class PageServer implements AutoCloseable {

	/** How a request ended. */
	enum Ending {

		/** The whole response was written. */
		COMPLETED,

		/** Writing failed because the client closed the connection. */
		ABORTED_BY_CLIENT

	}

	/** One received request. */
	record Request(String path, Instant startedAt) {
	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final ConcurrentHashMap<String, String> pages = new ConcurrentHashMap<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final ConcurrentHashMap<Request, Ending> endings = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<Request, Instant> endedAt = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	/** Requests of fixed pages received and not yet responded to: never more than the client has in flight. */
	private final AtomicInteger unanswered = new AtomicInteger();

	private final AtomicInteger maxUnanswered = new AtomicInteger();

	private volatile Duration pageDelay = Duration.ZERO;

	private PageServer(HttpServer server) {
		this.server = server;
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public static PageServer start() throws IOException {
		InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		return new PageServer(HttpServer.create(new InetSocketAddress(loopback, 0), 100));
	}

	/** Serves an HTML page at {@code /pages/NAME}, returning its URL. */
	public String page(String name, String html) {
		this.pages.put("/pages/" + name, html);
		return url("/pages/" + name);
	}

	/** Delays the response of every fixed page by this long. */
	public void delayPages(Duration delay) {
		this.pageDelay = delay;
	}

	/** Returns the URL of a page that streams its body in 20 chunks over the given time. */
	public String slowPage(String name, Duration duration) {
		return url("/slow/" + name + "?ms=" + duration.toMillis());
	}

	/** Returns the URL of a path that responds with status 500 after the given delay. */
	public String failingPage(String name, Duration delay) {
		return url("/fail/" + name + "?ms=" + delay.toMillis());
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** Returns how the request ended, or {@code null} while it is open. */
	/** Returns when the request ended, or {@code null} while it is open. */
	Instant endedAt(Request request) {
		return this.endedAt.get(request);
	}

	Ending ending(Request request) {
		return this.endings.get(request);
	}

	/** Returns the number of requests open now. */
	int open() {
		return this.open.get();
	}

	/**
	 * Returns the highest number of fixed-page requests that were received and not yet responded to at once, since the
	 * start or the last reset. It never counts a request whose client already has its response, because the count
	 * drops before the response is written.
	 */
	int maxUnanswered() {
		return this.maxUnanswered.get();
	}

	void resetMaxUnanswered() {
		this.maxUnanswered.set(this.unanswered.get());
	}

	private void handle(HttpExchange exchange) throws IOException {
		Request request = new Request(exchange.getRequestURI().getPath(), Instant.now());
		this.requests.add(request);
		this.open.incrementAndGet();
		try (exchange) {
			String path = request.path();
			long millis = queryMillis(exchange);
			if (path.startsWith("/slow/")) {
				streamSlowly(exchange, millis);
			}
			else if (path.startsWith("/fail/")) {
				pause(millis);
				respond(exchange, 500, "text/plain", "failed on purpose");
			}
			else if (this.pages.containsKey(path)) {
				this.maxUnanswered.accumulateAndGet(this.unanswered.incrementAndGet(), Math::max);
				try {
					pause(this.pageDelay.toMillis());
				}
				finally {
					this.unanswered.decrementAndGet();
				}
				respond(exchange, 200, "text/html; charset=utf-8", this.pages.get(path));
			}
			else {
				respond(exchange, 404, "text/plain", "not found");
			}
			this.endedAt.put(request, Instant.now());
			this.endings.put(request, Ending.COMPLETED);
		}
		catch (IOException ex) {
			this.endedAt.put(request, Instant.now());
			this.endings.put(request, Ending.ABORTED_BY_CLIENT);
		}
		finally {
			this.open.decrementAndGet();
		}
	}

	private static void streamSlowly(HttpExchange exchange, long millis) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
		exchange.sendResponseHeaders(200, 0);
		OutputStream body = exchange.getResponseBody();
		for (int chunk = 0; chunk < 20; chunk++) {
			body.write(("<p>slow chunk " + chunk + "</p>\n").repeat(50).getBytes(StandardCharsets.UTF_8));
			body.flush();
			pause(millis / 20);
		}
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	private static long queryMillis(HttpExchange exchange) {
		String query = exchange.getRequestURI().getQuery();
		return (query != null && query.startsWith("ms=")) ? Long.parseLong(query.substring(3)) : 0;
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
