package dev.wordfleet.standalone.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

import picocli.CommandLine.Option;

/**
 * Fetch options shared by the commands that run workers. Unset options leave the role's defaults in force.
 */
class FetchOptions {

	@Option(names = "--allow-private-networks",
			description = "Allow fetching from loopback, private, link-local and other internal addresses "
					+ "(blocked by default, so that submitted URLs cannot reach internal services).")
	boolean allowPrivateNetworks;

	@Option(names = "--connect-timeout", paramLabel = "DURATION", converter = Conversions.DurationConverter.class,
			description = "Maximum wait to open a connection, such as 5s (default: 5s).")
	@Nullable Duration connectTimeout;

	@Option(names = "--fetch-timeout", paramLabel = "DURATION", converter = Conversions.DurationConverter.class,
			description = "Maximum time for a whole fetch, body included (default: 30s).")
	@Nullable Duration fetchTimeout;

	@Option(names = "--max-body-size", paramLabel = "SIZE", converter = Conversions.DataSizeConverter.class,
			description = "Largest page body after decoding, such as 10MB; a larger page fails (default: 10MB).")
	@Nullable DataSize maxBodySize;

	@Option(names = "--user-agent", paramLabel = "TEXT",
			description = "User-Agent request header (default: wordfleet/0.1).")
	@Nullable String userAgent;

	@Option(names = "--max-redirects", paramLabel = "N",
			description = "Redirects followed per page; 0 makes any redirect fail (default: 5).")
	@Nullable Integer maxRedirects;

	@Option(names = "--allowed-ports", paramLabel = "PORT[,PORT...]", split = ",",
			description = "Ports that URLs may use; any port when private networks are allowed (default: 80,443).")
	@Nullable List<Integer> allowedPorts;

	@Option(names = "--retries", paramLabel = "N",
			description = "Retries of a transient failure (timeout, connection error, 408, 425, 429, 500, 502, 503, "
					+ "504), with exponential backoff and jitter; 0 turns retries off (default: 3).")
	@Nullable Integer retries;

	@Option(names = "--max-retry-after", paramLabel = "DURATION", converter = Conversions.DurationConverter.class,
			description = "Longest Retry-After wait that is honoured; a longer one fails the page (default: 60s).")
	@Nullable Duration maxRetryAfter;

	@Option(names = "--per-host-concurrency", paramLabel = "N",
			description = "Requests in flight to one host, per worker process (default: 2).")
	@Nullable Integer perHostConcurrency;

	@Option(names = "--host-delay", paramLabel = "DURATION", converter = Conversions.DurationConverter.class,
			description = "Minimum time between the starts of two requests to one host; a longer Crawl-delay of "
					+ "robots.txt wins (default: 0s).")
	@Nullable Duration hostDelay;

	@Option(names = "--rate", paramLabel = "REQUESTS_PER_SECOND",
			description = "Request starts per second over all hosts, per worker process, such as 2.5; 0 means no "
					+ "limit (default: 0).")
	@Nullable Double rate;

	@Option(names = "--ignore-robots",
			description = "Fetch pages that robots.txt disallows (robots.txt is honoured by default).")
	boolean ignoreRobots;

	@Option(names = "--cache",
			description = "Keep counted pages for later batches of this worker process, revalidated with ETag and "
					+ "Last-Modified once older than --cache-ttl (off by default).")
	boolean cache;

	@Option(names = "--cache-ttl", paramLabel = "DURATION", converter = Conversions.DurationConverter.class,
			description = "How long a cached page is reused without asking its server (default: 1h).")
	@Nullable Duration cacheTtl;

	/** Returns the options as Spring properties of the worker role. */
	Map<String, String> toProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		if (this.allowPrivateNetworks) {
			properties.put("wordfleet.fetch.allow-private-networks", "true");
		}
		if (this.connectTimeout != null) {
			properties.put("wordfleet.fetch.connect-timeout", this.connectTimeout.toString());
		}
		if (this.fetchTimeout != null) {
			properties.put("wordfleet.fetch.total-timeout", this.fetchTimeout.toString());
		}
		if (this.maxBodySize != null) {
			properties.put("wordfleet.fetch.max-body-size", this.maxBodySize.toBytes() + "B");
		}
		putIfSet(properties, "wordfleet.fetch.user-agent", this.userAgent);
		putIfSet(properties, "wordfleet.fetch.max-redirects", this.maxRedirects);
		if (this.allowedPorts != null) {
			properties.put("wordfleet.fetch.allowed-ports",
					String.join(",", this.allowedPorts.stream().map(String::valueOf).toList()));
		}
		putIfSet(properties, "wordfleet.fetch.retry.max-retries", this.retries);
		putIfSet(properties, "wordfleet.fetch.retry.max-retry-after", this.maxRetryAfter);
		putIfSet(properties, "wordfleet.fetch.politeness.max-in-flight-per-host", this.perHostConcurrency);
		putIfSet(properties, "wordfleet.fetch.politeness.min-delay", this.hostDelay);
		putIfSet(properties, "wordfleet.fetch.politeness.max-requests-per-second", this.rate);
		if (this.ignoreRobots) {
			properties.put("wordfleet.fetch.robots.enabled", "false");
		}
		if (this.cache) {
			properties.put("wordfleet.fetch.cache.enabled", "true");
		}
		putIfSet(properties, "wordfleet.fetch.cache.ttl", this.cacheTtl);
		return properties;
	}

	private static void putIfSet(Map<String, String> properties, String name, @Nullable Object value) {
		if (value != null) {
			properties.put(name, value.toString());
		}
	}

}
