package dev.wordfleet.worker.fetch;

import java.time.Duration;
import java.util.Objects;

import org.springframework.util.unit.DataSize;

/**
 * Limits and policy for fetching pages.
 *
 * @param connectTimeout maximum time to open a TCP connection to one address, TLS handshake included, from 1 ms to
 * {@link Integer#MAX_VALUE} ms
 * @param totalTimeout maximum time for a whole fetch, from the first DNS lookup to the last body byte, redirects
 * included, from 1 ms to {@link Integer#MAX_VALUE} ms
 * @param maxBodySize maximum size of a decoded response body, from 1 byte to {@code Integer.MAX_VALUE - 8} bytes.
 * A larger body fails the fetch.
 * @param allowPrivateNetworks whether pages may be fetched from loopback, private, link-local and other internal
 * addresses
 * @param userAgent value of the {@code User-Agent} request header, not blank
 * @param maxRedirects maximum number of redirects followed per fetch, where 0 means that any redirect fails the
 * fetch
 */
public record FetchSettings(Duration connectTimeout, Duration totalTimeout, DataSize maxBodySize,
		boolean allowPrivateNetworks, String userAgent, int maxRedirects) {

	/** Default connect timeout: 5 seconds. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default total timeout per fetch: 30 seconds. */
	public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(30);

	/** Default maximum body size: 10 MB. */
	public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofMegabytes(10);

	/** Default {@code User-Agent} header. */
	public static final String DEFAULT_USER_AGENT = "wordfleet/0.1";

	/** Default maximum number of redirects per fetch. */
	public static final int DEFAULT_MAX_REDIRECTS = 5;

	/** Largest body size that a {@code byte[]} can hold on common JVMs. */
	static final long MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

	public FetchSettings {
		Objects.requireNonNull(connectTimeout, "connectTimeout is missing");
		Objects.requireNonNull(totalTimeout, "totalTimeout is missing");
		Objects.requireNonNull(maxBodySize, "maxBodySize is missing");
		Objects.requireNonNull(userAgent, "userAgent is missing");
		checkTimeout("connectTimeout", connectTimeout);
		checkTimeout("totalTimeout", totalTimeout);
		if (maxBodySize.toBytes() <= 0 || maxBodySize.toBytes() > MAX_ARRAY_SIZE) {
			throw new IllegalArgumentException(
					"maxBodySize must be between 1 and " + MAX_ARRAY_SIZE + " bytes, but was " + maxBodySize);
		}
		if (userAgent.isBlank()) {
			throw new IllegalArgumentException("userAgent must not be blank, but was '" + userAgent + "'");
		}
		if (maxRedirects < 0) {
			throw new IllegalArgumentException("maxRedirects must be 0 or more, but was " + maxRedirects);
		}
	}

	/**
	 * Returns the default settings: 5 s connect timeout, 30 s total timeout, 10 MB body cap, private networks
	 * blocked, user agent {@value #DEFAULT_USER_AGENT}, at most 5 redirects.
	 * @return the default settings
	 */
	public static FetchSettings defaults() {
		return new FetchSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, DEFAULT_MAX_BODY_SIZE, false,
				DEFAULT_USER_AGENT, DEFAULT_MAX_REDIRECTS);
	}

	/** Rejects timeouts that OkHttp cannot represent: it counts whole milliseconds in an {@code int}. */
	private static void checkTimeout(String name, Duration timeout) {
		boolean tooLarge = timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0;
		if (timeout.compareTo(Duration.ofMillis(1)) < 0 || tooLarge) {
			throw new IllegalArgumentException(
					name + " must be between 1 ms and " + Integer.MAX_VALUE + " ms, but was " + timeout);
		}
	}

	/**
	 * Returns a copy of these settings with {@code allowPrivateNetworks} replaced.
	 * @param allow whether internal addresses may be fetched
	 * @return the new settings
	 */
	public FetchSettings withAllowPrivateNetworks(boolean allow) {
		return new FetchSettings(this.connectTimeout, this.totalTimeout, this.maxBodySize, allow, this.userAgent,
				this.maxRedirects);
	}

}
