package dev.wordfleet.worker.robots;

import java.time.Duration;
import java.util.Objects;

import org.springframework.util.unit.DataSize;

/**
 * Product token, times to live and limits with which {@link RobotsCache} fetches and keeps robots.txt files.
 *
 * @param productToken the crawler's name that {@code user-agent} lines are compared with, case-insensitively:
 * letters, {@code _} and {@code -} only. It should be the product at the start of the {@code User-Agent} header.
 * @param cacheTtl how long a fetched robots.txt, or the absence of one, is used before it is fetched again, more
 * than 0
 * @param unreachableTtl how long a robots.txt that could not be fetched (status 429 or 500 and above, or a
 * connection failure or timeout) keeps every path of its origin disallowed before the next try, more than 0
 * @param maxSize number of bytes of a robots.txt that are parsed, at least 500 KiB as RFC 9309 requires. The rest of
 * a longer file is ignored.
 * @param maxOrigins number of origins kept in the cache, at least 1. Past it, expired entries are dropped first and
 * then arbitrary ones.
 */
public record RobotsSettings(String productToken, Duration cacheTtl, Duration unreachableTtl, DataSize maxSize,
		int maxOrigins) {

	/** Default product token: {@value}. */
	public static final String DEFAULT_PRODUCT_TOKEN = "wordfleet";

	/** Default time to live of a fetched robots.txt: 24 hours, the longest that RFC 9309 recommends. */
	public static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(24);

	/** Default time to live of an unreachable robots.txt: 1 minute. */
	public static final Duration DEFAULT_UNREACHABLE_TTL = Duration.ofMinutes(1);

	/** Smallest parse limit that RFC 9309 allows, and the default: 500 KiB. */
	public static final DataSize MIN_MAX_SIZE = DataSize.ofKilobytes(500);

	/** Default number of cached origins: 10,000. */
	public static final int DEFAULT_MAX_ORIGINS = 10_000;

	public RobotsSettings {
		RobotsRules.checkProductToken(productToken);
		Objects.requireNonNull(cacheTtl, "cacheTtl is missing");
		Objects.requireNonNull(unreachableTtl, "unreachableTtl is missing");
		Objects.requireNonNull(maxSize, "maxSize is missing");
		if (cacheTtl.isNegative() || cacheTtl.isZero()) {
			throw new IllegalArgumentException("cacheTtl must be more than 0, but was " + cacheTtl);
		}
		if (unreachableTtl.isNegative() || unreachableTtl.isZero()) {
			throw new IllegalArgumentException("unreachableTtl must be more than 0, but was " + unreachableTtl);
		}
		if (maxSize.compareTo(MIN_MAX_SIZE) < 0 || maxSize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("maxSize must be between 500KB and " + (Integer.MAX_VALUE - 8)
					+ " bytes, as RFC 9309 requires parsing at least 500 KiB, but was " + maxSize);
		}
		if (maxOrigins < 1) {
			throw new IllegalArgumentException("maxOrigins must be 1 or more, but was " + maxOrigins);
		}
	}

	/**
	 * Returns the default settings: product token {@value #DEFAULT_PRODUCT_TOKEN}, 24 hours for a fetched file,
	 * 1 minute for an unreachable one, 500 KiB parsed, 10,000 origins cached.
	 * @return the default settings
	 */
	public static RobotsSettings defaults() {
		return new RobotsSettings(DEFAULT_PRODUCT_TOKEN, DEFAULT_CACHE_TTL, DEFAULT_UNREACHABLE_TTL, MIN_MAX_SIZE,
				DEFAULT_MAX_ORIGINS);
	}

}
