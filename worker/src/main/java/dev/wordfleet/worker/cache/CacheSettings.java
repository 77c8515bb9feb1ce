package dev.wordfleet.worker.cache;

import java.time.Duration;
import java.util.Objects;

import org.springframework.util.unit.DataSize;

/**
 * Settings of the page cache.
 *
 * @param enabled whether counted pages are kept for later batches
 * @param ttl how long a counted page is reused without asking its server; after that it is revalidated with its
 * {@code ETag} or {@code Last-Modified}, or fetched again when it had neither. More than 0.
 * @param maxSize estimated memory that cached counts may take, at least 1 MB; the least recently used pages go first
 */
public record CacheSettings(boolean enabled, Duration ttl, DataSize maxSize) {

	/** Default time to live: 1 hour. */
	public static final Duration DEFAULT_TTL = Duration.ofHours(1);

	/** Default estimated memory of the cache: 64 MB. */
	public static final DataSize DEFAULT_MAX_SIZE = DataSize.ofMegabytes(64);

	public CacheSettings {
		Objects.requireNonNull(ttl, "ttl is missing");
		Objects.requireNonNull(maxSize, "maxSize is missing");
		if (!ttl.isPositive()) {
			throw new IllegalArgumentException("ttl must be more than 0, but was " + ttl);
		}
		if (maxSize.compareTo(DataSize.ofMegabytes(1)) < 0) {
			throw new IllegalArgumentException("maxSize must be at least 1MB, but was " + maxSize);
		}
	}

	/**
	 * Returns the default settings: cache off, 1 hour time to live, 64 MB.
	 * @return the default settings
	 */
	public static CacheSettings defaults() {
		return new CacheSettings(false, DEFAULT_TTL, DEFAULT_MAX_SIZE);
	}

}
