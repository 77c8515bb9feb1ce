package dev.wordfleet.worker.fetch;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

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
 * @param allowedPorts ports that URLs may use, each from 1 to 65535; ignored when {@code allowPrivateNetworks} is
 * set, which allows any port but the few that {@link FetchGuard#isAllowedPort(int)} reserves for other protocols
 */
public record FetchSettings(Duration connectTimeout, Duration totalTimeout, DataSize maxBodySize,
		boolean allowPrivateNetworks, String userAgent, int maxRedirects, Set<Integer> allowedPorts) {

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

	/** Default ports that URLs may use: those of HTTP and HTTPS. */
	public static final Set<Integer> DEFAULT_ALLOWED_PORTS = Set.of(80, 443);

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
		Objects.requireNonNull(allowedPorts, "allowedPorts is missing");
		for (Integer port : allowedPorts) {
			if (port == null || port < 1 || port > 65535) {
				throw new IllegalArgumentException(
						"allowedPorts must hold ports from 1 to 65535, but held " + port + " in " + allowedPorts);
			}
		}
		allowedPorts = Set.copyOf(allowedPorts);
	}

	/**
	 * Creates settings that allow the {@linkplain #DEFAULT_ALLOWED_PORTS default ports}.
	 */
	public FetchSettings(Duration connectTimeout, Duration totalTimeout, DataSize maxBodySize,
			boolean allowPrivateNetworks, String userAgent, int maxRedirects) {
		this(connectTimeout, totalTimeout, maxBodySize, allowPrivateNetworks, userAgent, maxRedirects,
				DEFAULT_ALLOWED_PORTS);
	}

	/**
	 * Returns the default settings: 5 s connect timeout, 30 s total timeout, 10 MB body cap, private networks
	 * blocked, user agent {@value #DEFAULT_USER_AGENT}, at most 5 redirects, ports 80 and 443.
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
				this.maxRedirects, this.allowedPorts);
	}

	/**
	 * Returns a copy of these settings with {@code allowedPorts} replaced.
	 * @param ports the ports that URLs may use
	 * @return the new settings
	 */
	public FetchSettings withAllowedPorts(Set<Integer> ports) {
		return new FetchSettings(this.connectTimeout, this.totalTimeout, this.maxBodySize, this.allowPrivateNetworks,
				this.userAgent, this.maxRedirects, ports);
	}

	/**
	 * Returns whether URLs may use a port: any port that {@link FetchGuard#isAllowedPort(int)} does not reserve when
	 * private networks are allowed, otherwise only the {@link #allowedPorts()}.
	 * @param port the URL's port, explicit or implied by its scheme
	 * @return whether a URL with that port may be fetched
	 */
	public boolean allowsPort(int port) {
		if (!FetchGuard.isAllowedPort(port)) {
			return false;
		}
		return this.allowPrivateNetworks || this.allowedPorts.contains(port);
	}

}
