package dev.wordfleet.worker.cache;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import dev.wordfleet.worker.fetch.Validators;
import dev.wordfleet.worker.text.PageWords;

/**
 * Counted pages of earlier batches, keyed by normalized URL, so that a page listed again is not fetched and counted
 * again while it is fresh.
 *
 * <p>A page is fresh for {@link CacheSettings#ttl()} after it was fetched or revalidated. A stale page that came with
 * an {@code ETag} or {@code Last-Modified} is revalidated with a conditional request, and a 304 response makes it fresh
 * again; a stale page without them is fetched again. The cache is bounded by an estimate of the memory its counts
 * take, and evicts the least recently used pages first (Caffeine's size-based eviction).
 */
public final class PageCache {

	/** Estimated bytes of one map entry besides the word's characters: entry, key and value objects. */
	private static final int ENTRY_OVERHEAD = 64;

	private final CacheSettings settings;

	private final Clock clock;

	private final Cache<String, CachedPage> pages;

	/**
	 * Creates a cache.
	 * @param settings time to live and size
	 * @param clock source of the current time for freshness
	 */
	public PageCache(CacheSettings settings, Clock clock) {
		this.settings = Objects.requireNonNull(settings, "settings is missing");
		this.clock = Objects.requireNonNull(clock, "clock is missing");
		this.pages = Caffeine.newBuilder()
				.maximumWeight(settings.maxSize().toBytes())
				.weigher((String url, CachedPage page) -> page.weight())
				.build();
	}

	/**
	 * Returns the cached page of a URL, fresh or stale.
	 * @param url the normalized URL
	 * @return the page, or {@code null} if it is not cached
	 */
	public @Nullable CachedPage get(String url) {
		return this.pages.getIfPresent(url);
	}

	/**
	 * Stores a page that was just fetched and counted.
	 * @param url the normalized URL
	 * @param words the page's counts
	 * @param pageBytes size of the page's body
	 * @param validators the response's {@code ETag} and {@code Last-Modified}, or {@code null}
	 * @return the stored page
	 */
	public CachedPage put(String url, PageWords words, long pageBytes, @Nullable Validators validators) {
		CachedPage page = new CachedPage(words, pageBytes, validators, this.clock.instant().plus(this.settings.ttl()));
		this.pages.put(url, page);
		return page;
	}

	/**
	 * Marks a cached page as fresh again after its server responded 304 Not Modified.
	 * @param url the normalized URL
	 * @param page the page that was revalidated
	 * @return the page with its new expiry
	 */
	public CachedPage revalidated(String url, CachedPage page) {
		CachedPage fresh = new CachedPage(page.words(), page.pageBytes(), page.validators(),
				this.clock.instant().plus(this.settings.ttl()));
		this.pages.put(url, fresh);
		return fresh;
	}

	/**
	 * Returns whether a cached page may be reused without asking its server.
	 * @param page a cached page
	 * @return {@code true} until its time to live has passed
	 */
	public boolean isFresh(CachedPage page) {
		return this.clock.instant().isBefore(page.freshUntil());
	}

	/**
	 * Returns the number of cached pages.
	 * @return the number of pages, after pending evictions
	 */
	public long size() {
		this.pages.cleanUp();
		return this.pages.estimatedSize();
	}

	/**
	 * A counted page.
	 *
	 * @param words the page's counts
	 * @param pageBytes size of the page's body
	 * @param validators values to revalidate it with, or {@code null} if the response had none
	 * @param freshUntil the instant until which it is reused without a request
	 */
	public record CachedPage(PageWords words, long pageBytes, @Nullable Validators validators, Instant freshUntil) {

		int weight() {
			long weight = ENTRY_OVERHEAD;
			for (Map.Entry<String, Integer> entry : this.words.counts().entrySet()) {
				weight += ENTRY_OVERHEAD + 2L * entry.getKey().length();
			}
			return (int) Math.min(Integer.MAX_VALUE, weight);
		}

	}

}
