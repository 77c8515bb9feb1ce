package dev.wordfleet.worker.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.UrlJob;
import dev.wordfleet.worker.fetch.FetchSettings;
import dev.wordfleet.worker.fetch.PageFetcher;
import dev.wordfleet.worker.fetch.PendingFetch;
import dev.wordfleet.worker.fetch.RequestGate;
import dev.wordfleet.worker.fetch.RetryPolicy;
import dev.wordfleet.worker.fetch.RetrySettings;
import dev.wordfleet.worker.politeness.HostLimiter;
import dev.wordfleet.worker.politeness.PolitenessSettings;
import dev.wordfleet.worker.robots.RobotsCache;
import dev.wordfleet.worker.robots.RobotsSettings;
import dev.wordfleet.worker.text.CountingThreads;

/**
 * Runs a few hundred jobs against a page server that it starts on loopback, before the worker takes its first real
 * job. A fresh JVM runs the code of a job, from robots.txt to the encoded outcome, in its interpreter until the JIT
 * has compiled it, many times slower. In the latency benchmark at 64 fetches in flight, the requests that took the
 * slots freed by a batch's first responses reached their server 35 to 77 ms after those responses without the
 * warm-up. With it they took 3 to 27 ms.
 *
 * <p>The jobs go through the classes of real jobs: robots.txt, a host limiter, fetch slots, OkHttp, the counting
 * threads and the JSON encoding of the outcome. Their fetcher is the warm-up's own, which may fetch from loopback
 * even where the worker's settings block it, and their outcomes are encoded but not published.
 */
public final class JobWarmUp {

	private static final Logger logger = LoggerFactory.getLogger(JobWarmUp.class);

	/** The page that the warm-up's server serves for every path but robots.txt. */
	static final String PAGE = "/dev/wordfleet/worker/text/warm-up.html";

	/** Jobs run: enough for the JIT's first tier to compile the code that each job runs. */
	static final int JOBS = 400;

	/** Requests in flight at once. */
	static final int IN_FLIGHT = 32;

	private final FetchSettings fetch;

	private final @Nullable RobotsSettings robots;

	private final CountingThreads counting;

	/**
	 * @param fetch the worker's fetch settings; the warm-up fetches from loopback even where they block it
	 * @param robots the worker's robots.txt settings, or {@code null} when the worker ignores robots.txt
	 * @param counting the worker's counting threads
	 */
	public JobWarmUp(FetchSettings fetch, @Nullable RobotsSettings robots, CountingThreads counting) {
		this.fetch = Objects.requireNonNull(fetch, "fetch is missing").withAllowPrivateNetworks(true);
		this.robots = robots;
		this.counting = Objects.requireNonNull(counting, "counting is missing");
	}

	/**
	 * Runs the warm-up and returns when it is done. A failure is logged, not thrown: the worker works without the
	 * warm-up, only slower at first.
	 * @return the number of jobs that counted their page, {@value #JOBS} when nothing failed
	 */
	public int run() {
		// A runtime image made with jlink may leave out the module of the JDK's HTTP server.
		if (ModuleLayer.boot().findModule("jdk.httpserver").isEmpty()) {
			logger.warn("Skipped the warm-up: this Java runtime lacks the module jdk.httpserver");
			return 0;
		}
		long started = System.nanoTime();
		try (PageServer server = PageServer.start(bundledPage());
				PageFetcher fetcher = new PageFetcher(this.fetch)) {
			Result result = runJobs(fetcher, server.pageUrl());
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			if (result.firstFailure() == null) {
				logger.info("Warmed up with {} jobs in {} ms", result.counted(), millis);
			}
			else {
				logger.warn("Warm-up counted {} of {} pages in {} ms; first failure: {}", result.counted(), JOBS,
						millis, result.firstFailure());
			}
			return result.counted();
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Skipped the warm-up: {}", ex.toString());
			return 0;
		}
	}

	private Result runJobs(PageFetcher fetcher, String pageUrl) {
		RobotsCache robotsCache = (this.robots != null) ? new RobotsCache(fetcher, this.robots, Clock.systemUTC())
				: null;
		try {
			HostLimiter hosts = new HostLimiter(new PolitenessSettings(IN_FLIGHT, Duration.ZERO, Duration.ZERO, 0,
					PolitenessSettings.DEFAULT_MAX_WAIT));
			// The warm-up's page is short, so it needs no memory for long bodies.
			JobRunner runner = new JobRunner(fetcher, this.counting, new BodyMemory(0),
					new FetchMetrics(new SimpleMeterRegistry()),
					new RetryPolicy(RetrySettings.defaults(), Clock.systemUTC()), robotsCache, hosts, null);
			FetchSlots slots = new FetchSlots(IN_FLIGHT);
			AtomicInteger counted = new AtomicInteger();
			AtomicReference<@Nullable String> firstFailure = new AtomicReference<>();
			try (Serializer<Object> json = Json.valueSerializer();
					ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int jobId = 0; jobId < JOBS; jobId++) {
					UrlJob job = UrlJob.of("warm-up", jobId, pageUrl + "?job=" + jobId);
					JobControl control = new WarmUpControl(slots, jobId);
					jobs.execute(() -> {
						try {
							JobOutcome outcome = runner.run(job, control);
							if (outcome instanceof PageCounted) {
								json.serialize("warm-up", outcome);
								counted.incrementAndGet();
							}
							else {
								firstFailure.compareAndSet(null, (outcome != null) ? outcome.toString()
										: "job " + job.jobId() + " failed in a way that a real job would retry");
							}
						}
						catch (RuntimeException ex) {
							firstFailure.compareAndSet(null, ex.toString());
						}
					});
				}
			}
			return new Result(counted.get(), firstFailure.get());
		}
		finally {
			if (robotsCache != null) {
				robotsCache.close();
			}
		}
	}

	private static byte[] bundledPage() throws IOException {
		try (InputStream in = JobWarmUp.class.getResourceAsStream(PAGE)) {
			if (in == null) {
				throw new IllegalStateException("Resource " + PAGE + " is missing from the worker jar");
			}
			return in.readAllBytes();
		}
	}

	private record Result(int counted, @Nullable String firstFailure) {
	}

	/** Serves the page on loopback at every path but {@code /robots.txt}, which is not found. */
	private record PageServer(HttpServer server, ExecutorService threads) implements AutoCloseable {

		static PageServer start(byte[] page) throws IOException {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
					IN_FLIGHT);
			ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
			server.setExecutor(threads);
			server.createContext("/", (exchange) -> serve(exchange, page));
			server.start();
			return new PageServer(server, threads);
		}

		String pageUrl() {
			InetSocketAddress address = this.server.getAddress();
			return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/page.html";
		}

		private static void serve(HttpExchange exchange, byte[] page) throws IOException {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				if (exchange.getRequestURI().getPath().equals("/robots.txt")) {
					exchange.sendResponseHeaders(404, -1);
					return;
				}
				exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
				exchange.sendResponseHeaders(200, page.length);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(page);
				}
			}
		}

		@Override
		public void close() {
			this.server.stop(0);
			this.threads.close();
		}

	}

	/** The control of a warm-up job: never cancelled, and never retried, so that a failing warm-up ends soon. */
	private record WarmUpControl(FetchSlots slots, long ticket) implements JobControl {

		@Override
		public boolean isCancelled() {
			return false;
		}

		@Override
		public void track(PendingFetch fetch) {
		}

		@Override
		public RequestGate.Permit takeSlot() throws InterruptedException {
			return this.slots.acquire(this.ticket);
		}

		@Override
		public boolean awaitRetry(Duration delay) {
			return false;
		}

	}

}
