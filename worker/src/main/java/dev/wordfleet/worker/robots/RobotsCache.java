package dev.wordfleet.worker.robots;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import dev.wordfleet.protocol.Durations;
import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.worker.fetch.FetchException;
import dev.wordfleet.worker.fetch.FetchedPage;
import dev.wordfleet.worker.fetch.PageFetcher;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * Fetches the robots.txt of each origin (scheme, host and port) once and decides per URL whether the worker may
 * fetch it.
 *
 * <p>robots.txt is fetched through the worker's {@link PageFetcher}, so the fetch guard, the timeouts and the
 * redirect limit apply to it, and only the first {@link RobotsSettings#maxSize()} bytes are parsed. What a failed
 * fetch means follows RFC 9309 section 2.3.1:
 * <ul>
 * <li>a status from 400 to 499 other than 429, a redirect that was not followed, or a target that the fetch guard
 * blocked: the file is unavailable, and every path is allowed;</li>
 * <li>status 429, a status of 500 or more, a timeout or a connection failure: the file is unreachable, and every
 * path is disallowed until the next try after {@link RobotsSettings#unreachableTtl()}.</li>
 * </ul>
 *
 * <p>Concurrent lookups for one origin share one fetch. The fetch runs on a virtual thread of this cache, so a
 * caller that is interrupted while it waits stops waiting without cancelling the fetch for the others.
 */
public final class RobotsCache implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RobotsCache.class);

	private final PageFetcher fetcher;

	private final RobotsSettings settings;

	private final Clock clock;

	private final Map<String, CompletableFuture<CachedRobots>> cache = new ConcurrentHashMap<>();

	private final ExecutorService loaders = Executors.newVirtualThreadPerTaskExecutor();

	/**
	 * Creates a cache.
	 * @param fetcher fetcher for the robots.txt files, whose guard and limits apply to them
	 * @param settings product token, times to live and size limits
	 * @param clock source of the current time for the times to live
	 */
	public RobotsCache(PageFetcher fetcher, RobotsSettings settings, Clock clock) {
		this.fetcher = Objects.requireNonNull(fetcher, "fetcher is missing");
		this.settings = Objects.requireNonNull(settings, "settings is missing");
		this.clock = Objects.requireNonNull(clock, "clock is missing");
	}

	/**
	 * Decides whether a URL may be fetched, fetching its origin's robots.txt first unless a fresh copy is cached.
	 * Blocks for at most the fetcher's total timeout, so call it on a virtual thread.
	 * @param url absolute {@code http} or {@code https} URL
	 * @return whether the URL may be fetched, its origin's crawl delay, and why
	 * @throws FetchException with {@link FailureKind#INVALID_URL} if the URL cannot be parsed, or the cancelled
	 * fetch's exception if this cache was closed while it fetched robots.txt
	 * @throws InterruptedException if the calling thread was interrupted while waiting for robots.txt
	 */
	public RobotsDecision check(String url) throws FetchException, InterruptedException {
		Objects.requireNonNull(url, "url is missing");
		HttpUrl parsed = HttpUrl.parse(url);
		if (parsed == null) {
			throw new FetchException(FailureKind.INVALID_URL, url,
					"Invalid URL '" + url + "': expected an absolute http or https URL with a host", null);
		}
		String origin = origin(parsed);
		CachedRobots robots = await(lookup(origin));

		String query = parsed.encodedQuery();
		String path = parsed.encodedPath() + ((query != null) ? "?" + query : "");
		if (robots.unreachable()) {
			return new RobotsDecision(false, null, robots.source() + " disallows every path of the origin until "
					+ "robots.txt can be fetched again, after " + Durations.format(this.settings.unreachableTtl()));
		}
		RobotsRules.Rule rule = robots.rules().decidingRule(path);
		Duration crawlDelay = robots.rules().crawlDelay();
		if (rule == null) {
			return new RobotsDecision(true, crawlDelay, robots.source() + " allows " + path);
		}
		String verb = rule.allow() ? " allows " : " disallows ";
		return new RobotsDecision(rule.allow(), crawlDelay, robots.source() + verb + path + " (rule " + rule + ")");
	}

	/**
	 * Returns the number of origins whose robots.txt is cached or being fetched.
	 * @return the number of cache entries
	 */
	public int size() {
		return this.cache.size();
	}

	/** Stops the robots.txt fetches in flight; lookups that wait for them fail. Calling it again does nothing. */
	@Override
	public void close() {
		this.loaders.shutdownNow();
	}

	/** Returns the cached entry of an origin, or installs a new one and starts its fetch. */
	private CompletableFuture<CachedRobots> lookup(String origin) {
		Instant now = this.clock.instant();
		CompletableFuture<CachedRobots> existing = this.cache.get(origin);
		if (existing != null && !isExpired(existing, now)) {
			return existing;
		}

		// compute() replaces a missing or expired entry atomically, so only one caller starts the fetch.
		CompletableFuture<CachedRobots> fresh = new CompletableFuture<>();
		CompletableFuture<CachedRobots> entry = this.cache.compute(origin,
				(key, current) -> (current == null || isExpired(current, now)) ? fresh : current);
		if (entry == fresh) {
			startFetch(origin, fresh);
			if (this.cache.size() > this.settings.maxOrigins()) {
				evict(now);
			}
		}
		return entry;
	}

	private void startFetch(String origin, CompletableFuture<CachedRobots> entry) {
		try {
			this.loaders.execute(() -> {
				try {
					entry.complete(fetch(origin));
				}
				catch (FetchException | RuntimeException ex) {
					this.cache.remove(origin, entry);
					entry.completeExceptionally(ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.cache.remove(origin, entry);
			entry.completeExceptionally(new IllegalStateException(
					"Cannot fetch robots.txt of " + origin + " because the RobotsCache is closed", ex));
		}
	}

	/** Fetches and parses an origin's robots.txt, mapping each failure to the rules that RFC 9309 prescribes. */
	private CachedRobots fetch(String origin) throws FetchException {
		String robotsUrl = origin + "/robots.txt";
		String source = "robots.txt of " + origin;
		try {
			FetchedPage page = this.fetcher.preparePrefix(robotsUrl, this.settings.maxSize()).execute();
			byte[] body = page.truncated() ? withoutLastLine(page.body()) : page.body();
			RobotsRules rules = RobotsRules.parse(new String(body, StandardCharsets.UTF_8),
					this.settings.productToken());
			logger.debug("Fetched {}: {} rules, crawl delay {}", robotsUrl, rules.rules().size(), rules.crawlDelay());
			return cached(rules, this.settings.cacheTtl(), source);
		}
		catch (FetchException ex) {
			if (ex.isCancelled()) {
				throw ex;
			}
			if (isUnavailable(ex)) {
				logger.debug("No usable robots.txt at {}, so every path is allowed: {}", origin, ex.getMessage());
				return cached(RobotsRules.allowAll(), this.settings.cacheTtl(),
						source + " is unavailable (" + describe(ex) + "), which");
			}
			logger.info("Could not fetch {}, so every path of {} is disallowed for {}: {}", robotsUrl, origin,
					this.settings.unreachableTtl(), ex.getMessage());
			return new CachedRobots(RobotsRules.disallowAll(), this.clock.instant().plus(this.settings.unreachableTtl()),
					source + " could not be fetched (" + describe(ex) + "), which", true);
		}
	}

	/**
	 * Returns whether a failure means that robots.txt is unavailable, which allows everything: a 4xx status other
	 * than 429, a redirect that was not followed, or a target that the fetch guard rejected. The guard rejects the
	 * pages of that target as well.
	 */
	private static boolean isUnavailable(FetchException ex) {
		if (ex.kind() == FailureKind.BLOCKED) {
			return true;
		}
		int status = ex.status();
		return ex.kind() == FailureKind.HTTP_STATUS && status >= 300 && status < 500 && status != 429;
	}

	/**
	 * Describes why a fetch failed: its HTTP status, or its kind of failure with the messages of the exception that
	 * caused it and of the innermost cause, such as
	 * "connection error: Failed to connect to /127.0.0.1:8080 (Connection refused)". A failure without a cause, such
	 * as the total timeout, is described by its own message.
	 */
	private static String describe(FetchException ex) {
		if (ex.status() != FetchException.NO_STATUS) {
			return "HTTP status " + ex.status();
		}
		Throwable cause = ex.getCause();
		if (cause == null || cause.getMessage() == null) {
			return ex.getMessage();
		}
		String kind = switch (ex.kind()) {
			case CONNECTION -> "connection error";
			case TIMEOUT -> "timed out";
			default -> ex.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
		};
		String detail = cause.getMessage();
		String rootMessage = NestedExceptionUtils.getMostSpecificCause(cause).getMessage();
		if (rootMessage != null && !detail.contains(rootMessage)) {
			detail += " (" + rootMessage + ")";
		}
		return kind + ": " + detail;
	}

	private CachedRobots cached(RobotsRules rules, Duration ttl, String source) {
		return new CachedRobots(rules, this.clock.instant().plus(ttl), source, false);
	}

	/** Drops a line that the size limit may have cut, since a cut pattern can allow more than the whole one. */
	private static byte[] withoutLastLine(byte[] body) {
		for (int i = body.length - 1; i >= 0; i--) {
			if (body[i] == '\n' || body[i] == '\r') {
				return Arrays.copyOf(body, i + 1);
			}
		}
		return new byte[0];
	}

	private static boolean isExpired(CompletableFuture<CachedRobots> entry, Instant now) {
		if (!entry.isDone()) {
			return false;
		}
		if (entry.isCompletedExceptionally()) {
			return true;
		}
		return !now.isBefore(entry.join().expires());
	}

	/** Drops expired entries, then finished ones in the map's order, until the cache is within its size. */
	private void evict(Instant now) {
		this.cache.values().removeIf((entry) -> isExpired(entry, now));
		Iterator<CompletableFuture<CachedRobots>> entries = this.cache.values().iterator();
		while (this.cache.size() > this.settings.maxOrigins() && entries.hasNext()) {
			if (entries.next().isDone()) {
				entries.remove();
			}
		}
	}

	private static CachedRobots await(CompletableFuture<CachedRobots> entry)
			throws FetchException, InterruptedException {
		try {
			return entry.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof FetchException fetchFailure) {
				throw fetchFailure;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("Fetching robots.txt failed", cause);
		}
	}

	/** Returns {@code scheme://host:port}, with an IPv6 host in brackets. */
	private static String origin(HttpUrl url) {
		String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
		return url.scheme() + "://" + host + ":" + url.port();
	}

	/**
	 * A parsed robots.txt, when it stops being used, a phrase naming it for decisions, and whether it replaces a
	 * robots.txt that could not be fetched.
	 */
	private record CachedRobots(RobotsRules rules, Instant expires, String source, boolean unreachable) {
	}

}
