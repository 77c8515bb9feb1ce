package dev.wordfleet.worker.job;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.NormalizedUrl;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.UrlJob;
import dev.wordfleet.worker.cache.PageCache;
import dev.wordfleet.worker.fetch.BodyStream;
import dev.wordfleet.worker.fetch.FetchException;
import dev.wordfleet.worker.fetch.FetchedResponse;
import dev.wordfleet.worker.fetch.PageFetcher;
import dev.wordfleet.worker.fetch.PendingFetch;
import dev.wordfleet.worker.fetch.RequestGate;
import dev.wordfleet.worker.fetch.RetryDecision;
import dev.wordfleet.worker.fetch.RetryPolicy;
import dev.wordfleet.worker.fetch.Validators;
import dev.wordfleet.worker.politeness.HostLimiter;
import dev.wordfleet.worker.robots.RobotsCache;
import dev.wordfleet.worker.robots.RobotsDecision;
import dev.wordfleet.worker.text.CountingThreads;
import dev.wordfleet.worker.text.PageWords;
import dev.wordfleet.worker.text.UnsupportedContentTypeException;
import okhttp3.HttpUrl;

/**
 * Runs one job: fetches the page, counts its words, and turns the result or the failure into an outcome. A body of up
 * to {@value #RECEIVED_BODY_LIMIT} bytes is read whole and counted on one of the {@link CountingThreads} after its
 * fetch slot is free again. So is a body of up to {@value #LARGE_BODY_LIMIT} bytes while the process's
 * {@link BodyMemory} has room for it. Any other body is counted on the job's thread while it arrives, so that memory
 * never grows with the page.
 *
 * <p>Before each request, the first and every redirect hop, robots.txt of the request's origin is consulted (unless
 * turned off), then the host's limiter grants a slot, honouring the site's crawl delay, and only then does the job
 * take one of the worker's fetch slots. A transient failure is retried after the {@link RetryPolicy}'s delay, during
 * which the job takes no slot of any kind. With a {@link PageCache}, a fresh counted page is reused without a request
 * and a stale one is revalidated with a conditional request.
 */
public class JobRunner {

	private static final Logger logger = LoggerFactory.getLogger(JobRunner.class);

	/**
	 * Largest body that is read whole before it is counted. Only jobs between their fetch and their count hold one,
	 * so the memory is bounded by the jobs that a worker runs at once.
	 */
	static final int RECEIVED_BODY_LIMIT = 256 * 1024;

	/**
	 * Maximum size of a body that is read whole before it is counted, when the {@link BodyMemory} has room for its
	 * bytes beyond {@link #RECEIVED_BODY_LIMIT}.
	 */
	static final int LARGE_BODY_LIMIT = 4 * 1024 * 1024;

	private final PageFetcher fetcher;

	private final CountingThreads counting;

	private final BodyMemory bodyMemory;

	private final FetchMetrics metrics;

	private final RetryPolicy retryPolicy;

	private final @Nullable RobotsCache robots;

	private final HostLimiter hosts;

	private final @Nullable PageCache cache;

	/**
	 * @param fetcher the worker's HTTP client
	 * @param counting counts the words of a body
	 * @param bodyMemory the memory for bodies longer than {@value #RECEIVED_BODY_LIMIT} bytes, shared by the jobs of
	 * the process
	 * @param metrics records fetches, failures and retries
	 * @param retryPolicy decides which failures are retried, and when
	 * @param robots decides what robots.txt allows, or {@code null} to ignore robots.txt
	 * @param hosts limits requests per host and over all hosts
	 * @param cache counted pages of earlier batches, or {@code null} for none
	 */
	public JobRunner(PageFetcher fetcher, CountingThreads counting, BodyMemory bodyMemory, FetchMetrics metrics,
			RetryPolicy retryPolicy, @Nullable RobotsCache robots, HostLimiter hosts, @Nullable PageCache cache) {
		this.fetcher = fetcher;
		this.counting = counting;
		this.bodyMemory = bodyMemory;
		this.metrics = metrics;
		this.retryPolicy = retryPolicy;
		this.robots = robots;
		this.hosts = hosts;
		this.cache = cache;
	}

	/**
	 * Runs the job and returns its outcome, or {@code null} when the job was cancelled: a cancelled job has no
	 * outcome.
	 */
	@Nullable JobOutcome run(UrlJob job, JobControl control) {
		long started = System.nanoTime();
		// Normalizing the URL is only needed to look it up in the cache.
		String cacheKey = (this.cache != null) ? NormalizedUrl.of(job.url()) : job.url();
		PageCache.CachedPage cached = (this.cache != null) ? this.cache.get(cacheKey) : null;
		if (cached != null && this.cache.isFresh(cached)) {
			this.metrics.cacheHit();
			logger.debug("Job {} of batch {} reuses the cached counts of {}", job.jobId(), job.batchId(), job.url());
			return counted(job, cached.words(), cached.pageBytes());
		}
		Validators validators = (cached != null) ? cached.validators() : null;
		RequestGate gate = (url) -> enter(url, control);
		for (int attempt = 1;; attempt++) {
			if (control.isCancelled()) {
				return null;
			}
			PendingFetch fetch = this.fetcher.prepare(job.url(), gate, validators);
			control.track(fetch);
			try (BodyMemory.Reservation reservation = this.bodyMemory.reserve()) {
				Counted result = fetch.execute((response, body) -> receive(response, body, reservation)).count();
				Duration latency = Duration.ofNanos(System.nanoTime() - started);
				this.metrics.fetched(result.bytes(), latency);
				if (result.response().notModified() && cached != null) {
					this.metrics.cacheRevalidated();
					PageCache.CachedPage fresh = this.cache.revalidated(cacheKey, cached);
					return counted(job, fresh.words(), fresh.pageBytes());
				}
				PageWords words = result.words();
				if (this.cache != null) {
					this.cache.put(cacheKey, words, result.bytes(), result.response().validators());
				}
				return counted(job, words, result.bytes());
			}
			catch (FetchException ex) {
				if (ex.isCancelled() || control.isCancelled()) {
					logger.debug("Aborted job {} of batch {}: its batch was cancelled or the worker is stopping",
							job.jobId(), job.batchId());
					return null;
				}
				RetryDecision decision = this.retryPolicy.decide(ex, attempt);
				if (decision instanceof RetryDecision.Retry retry) {
					this.metrics.retried(ex.kind());
					logger.info("Job {} of batch {}: retry {} of {} ({}): {}", job.jobId(), job.batchId(),
							retry.retry(), this.retryPolicy.settings().maxRetries(), retry.reason(), ex.getMessage());
					if (!control.awaitRetry(retry.delay())) {
						return null;
					}
					continue;
				}
				String message = ((RetryDecision.GiveUp) decision).message();
				logger.info("Job {} of batch {} failed ({}): {}", job.jobId(), job.batchId(), ex.kind(), message);
				return failed(job, ex.kind(), message, started);
			}
			catch (InterruptedException ex) {
				// Only a cancel or the worker's stop interrupts a job.
				Thread.currentThread().interrupt();
				return null;
			}
			catch (UnsupportedContentTypeException ex) {
				logger.info("Job {} of batch {} failed ({}): {}: {}", job.jobId(), job.batchId(),
						FailureKind.UNSUPPORTED_CONTENT_TYPE, job.url(), ex.getMessage());
				return failed(job, FailureKind.UNSUPPORTED_CONTENT_TYPE, ex.getMessage(), started);
			}
			catch (RuntimeException ex) {
				logger.error("Job {} of batch {} failed on {}", job.jobId(), job.batchId(), job.url(), ex);
				return failed(job, FailureKind.INTERNAL, ex.getClass().getSimpleName() + ": " + ex.getMessage(),
						started);
			}
		}
	}

	/**
	 * Reads a body of up to {@link #RECEIVED_BODY_LIMIT} bytes whole, to be counted once the fetch has given back its
	 * fetch slot, and so a body of up to {@link #LARGE_BODY_LIMIT} bytes while the reservation gets room for its
	 * chunks beyond the first. Any other body is counted while it arrives. Counting takes CPU time, which the next
	 * request of the slot need not wait for: on a page that arrives in one piece, the slot would only wait for the
	 * counting. A 304 response has no body to count.
	 */
	private Received receive(FetchedResponse response, BodyStream body, BodyMemory.Reservation reservation)
			throws IOException {
		if (response.notModified()) {
			return () -> new Counted(response, new PageWords(Map.of(), 0), 0);
		}
		List<byte[]> chunks = new ArrayList<>();
		chunks.add(body.readNBytes(RECEIVED_BODY_LIMIT + 1));
		int length = chunks.getFirst().length;
		boolean whole = length <= RECEIVED_BODY_LIMIT;
		// One byte past the limit distinguishes a body of exactly the limit from a longer one.
		while (!whole && length <= LARGE_BODY_LIMIT) {
			int requested = Math.min(RECEIVED_BODY_LIMIT, LARGE_BODY_LIMIT + 1 - length);
			if (!reservation.tryReserve(requested)) {
				break;
			}
			byte[] chunk = body.readNBytes(requested);
			reservation.release(requested - chunk.length);
			chunks.add(chunk);
			length += chunk.length;
			whole = chunk.length < requested;
		}
		if (whole) {
			return () -> new Counted(response, this.counting.count(chunks, response.contentType(),
					response.url().toString()), body.bytesRead());
		}
		List<InputStream> parts = new ArrayList<>();
		chunks.forEach((chunk) -> parts.add(new ByteArrayInputStream(chunk)));
		parts.add(body);
		PageWords words = this.counting.counter()
			.count(new SequenceInputStream(Collections.enumeration(parts)), response.contentType(),
					response.url().toString());
		return () -> new Counted(response, words, body.bytesRead());
	}

	/**
	 * Lets a request through once robots.txt allows it, the host's limiter has granted a slot and a fetch slot is
	 * free, in that order, so that a job waiting for a busy host does not take a fetch slot.
	 */
	private RequestGate.Permit enter(HttpUrl url, JobControl control) throws FetchException, InterruptedException {
		Duration crawlDelay = null;
		if (this.robots != null) {
			RobotsDecision decision = this.robots.check(url.toString());
			if (!decision.allowed()) {
				throw new FetchException(FailureKind.ROBOTS, url.toString(), "Fetch of " + url + " disallowed: "
						+ decision.reason() + "; robots.txt is honoured unless wordfleet.fetch.robots.enabled is false "
						+ "(--ignore-robots)", null);
			}
			crawlDelay = decision.crawlDelay();
		}
		HostLimiter.Permit host;
		try {
			host = this.hosts.acquire(url.host(), crawlDelay, control.ticket());
		}
		catch (TimeoutException ex) {
			throw new FetchException(FailureKind.TIMEOUT, url.toString(),
					"Fetch of " + url + " not started: " + ex.getMessage(), ex);
		}
		try {
			RequestGate.Permit slot = control.takeSlot();
			return () -> {
				slot.close();
				host.close();
			};
		}
		catch (InterruptedException | RuntimeException ex) {
			host.close();
			throw ex;
		}
	}

	private static PageCounted counted(UrlJob job, PageWords words, long pageBytes) {
		return PageCounted.of(job, words.counts(), pageBytes, words.totalWords());
	}

	private JobFailed failed(UrlJob job, FailureKind reason, String message, long started) {
		this.metrics.failed(reason, Duration.ofNanos(System.nanoTime() - started));
		return JobFailed.of(job, reason, message);
	}

	/** A counted body and the response it came with. */
	private record Counted(FetchedResponse response, PageWords words, long bytes) {
	}

	/** A body that was read: counted already, or to be counted after the fetch. */
	@FunctionalInterface
	private interface Received {

		Counted count() throws InterruptedException;

	}

}
