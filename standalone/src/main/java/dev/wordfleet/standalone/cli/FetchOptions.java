package dev.wordfleet.standalone.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.unit.DataSize;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Fetch options shared by the commands that run workers. The defaults shown are the worker role's own: an option
 * that is not set by the command line, the environment or the config file is not passed on, so the role's
 * configuration stays in force.
 */
class FetchOptions {

	@Spec(Spec.Target.MIXEE)
	private CommandSpec command;

	@Option(names = "--allow-private-networks", paramLabel = "BOOLEAN", arity = "0..1", fallbackValue = "true",
			description = "Allow fetching from loopback, private, link-local and other internal addresses, which are "
					+ "blocked otherwise so that submitted URLs cannot reach internal services "
					+ "(default: ${DEFAULT-VALUE}).")
	boolean allowPrivateNetworks;

	@Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
			converter = Conversions.DurationConverter.class,
			description = "Maximum wait to open a connection, such as 5s (default: ${DEFAULT-VALUE}).")
	Duration connectTimeout;

	@Option(names = "--fetch-timeout", paramLabel = "DURATION", defaultValue = "30s",
			converter = Conversions.DurationConverter.class,
			description = "Maximum time for a whole fetch, body included (default: ${DEFAULT-VALUE}).")
	Duration fetchTimeout;

	@Option(names = "--max-body-size", paramLabel = "SIZE", defaultValue = "10MB",
			converter = Conversions.DataSizeConverter.class,
			description = "Largest page body after decoding, such as 10MB or 512KB; a larger page fails "
					+ "(default: ${DEFAULT-VALUE}).")
	DataSize maxBodySize;

	@Option(names = "--user-agent", paramLabel = "TEXT", defaultValue = "wordfleet/0.1",
			description = "User-Agent request header (default: ${DEFAULT-VALUE}).")
	String userAgent;

	@Option(names = "--max-redirects", paramLabel = "N", defaultValue = "5",
			converter = Conversions.NonNegativeIntConverter.class,
			description = "Redirects followed per page; 0 makes any redirect fail (default: ${DEFAULT-VALUE}).")
	int maxRedirects;

	@Option(names = "--allowed-ports", paramLabel = "PORT", split = ",", splitSynopsisLabel = ",",
			defaultValue = "80,443",
			description = "Ports that URLs may use; any port when private networks are allowed "
					+ "(default: ${DEFAULT-VALUE}).")
	List<Integer> allowedPorts;

	@Option(names = "--retries", paramLabel = "N", defaultValue = "3",
			converter = Conversions.NonNegativeIntConverter.class,
			description = "Retries of a transient failure (timeout, connection error, 408, 425, 429, 500, 502, 503, "
					+ "504), with exponential backoff and jitter; 0 turns retries off (default: ${DEFAULT-VALUE}).")
	int retries;

	@Option(names = "--max-retry-after", paramLabel = "DURATION", defaultValue = "60s",
			converter = Conversions.DurationConverter.class,
			description = "Longest Retry-After wait that is honoured; a longer one fails the page "
					+ "(default: ${DEFAULT-VALUE}).")
	Duration maxRetryAfter;

	@Option(names = "--per-host-concurrency", paramLabel = "N", defaultValue = "2",
			converter = Conversions.PositiveIntConverter.class,
			description = "Requests in flight to one host, per worker (default: ${DEFAULT-VALUE}).")
	int perHostConcurrency;

	@Option(names = "--host-delay", paramLabel = "DURATION", defaultValue = "0s",
			converter = Conversions.NonNegativeDurationConverter.class,
			description = "Minimum time between the starts of two requests to one host; a longer Crawl-delay of "
					+ "robots.txt wins (default: ${DEFAULT-VALUE}).")
	Duration hostDelay;

	@Option(names = "--rate", paramLabel = "REQUESTS_PER_SECOND", defaultValue = "0",
			description = "Request starts per second over all hosts, per worker, such as 2.5; 0 means no "
					+ "limit (default: ${DEFAULT-VALUE}).")
	double rate;

	@Option(names = "--ignore-robots", paramLabel = "BOOLEAN", arity = "0..1", fallbackValue = "true",
			description = "Fetch pages that robots.txt disallows; robots.txt is honoured otherwise "
					+ "(default: ${DEFAULT-VALUE}).")
	boolean ignoreRobots;

	@Option(names = "--cache", paramLabel = "BOOLEAN", arity = "0..1", fallbackValue = "true",
			description = "Keep counted pages for later batches of this worker process, revalidated with ETag and "
					+ "Last-Modified once older than --cache-ttl (default: ${DEFAULT-VALUE}).")
	boolean cache;

	@Option(names = "--cache-ttl", paramLabel = "DURATION", defaultValue = "1h",
			converter = Conversions.DurationConverter.class,
			description = "How long a cached page is reused without asking its server (default: ${DEFAULT-VALUE}).")
	Duration cacheTtl;

	/** Returns the options that are set as Spring properties of the worker role. */
	Map<String, String> toProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		if (isSet("--allow-private-networks")) {
			properties.put("wordfleet.fetch.allow-private-networks", String.valueOf(this.allowPrivateNetworks));
		}
		if (isSet("--connect-timeout")) {
			properties.put("wordfleet.fetch.connect-timeout", this.connectTimeout.toString());
		}
		if (isSet("--fetch-timeout")) {
			properties.put("wordfleet.fetch.total-timeout", this.fetchTimeout.toString());
		}
		if (isSet("--max-body-size")) {
			properties.put("wordfleet.fetch.max-body-size", this.maxBodySize.toBytes() + "B");
		}
		putIfSet(properties, "--user-agent", "wordfleet.fetch.user-agent", this.userAgent);
		putIfSet(properties, "--max-redirects", "wordfleet.fetch.max-redirects", this.maxRedirects);
		if (isSet("--allowed-ports")) {
			properties.put("wordfleet.fetch.allowed-ports",
					String.join(",", this.allowedPorts.stream().map(String::valueOf).toList()));
		}
		putIfSet(properties, "--retries", "wordfleet.fetch.retry.max-retries", this.retries);
		putIfSet(properties, "--max-retry-after", "wordfleet.fetch.retry.max-retry-after", this.maxRetryAfter);
		putIfSet(properties, "--per-host-concurrency", "wordfleet.fetch.politeness.max-in-flight-per-host",
				this.perHostConcurrency);
		putIfSet(properties, "--host-delay", "wordfleet.fetch.politeness.min-delay", this.hostDelay);
		putIfSet(properties, "--rate", "wordfleet.fetch.politeness.max-requests-per-second", this.rate);
		if (isSet("--ignore-robots")) {
			properties.put("wordfleet.fetch.robots.enabled", String.valueOf(!this.ignoreRobots));
		}
		putIfSet(properties, "--cache", "wordfleet.fetch.cache.enabled", this.cache);
		putIfSet(properties, "--cache-ttl", "wordfleet.fetch.cache.ttl", this.cacheTtl);
		return properties;
	}

	private void putIfSet(Map<String, String> properties, String option, String property, Object value) {
		if (isSet(option)) {
			properties.put(property, value.toString());
		}
	}

	private boolean isSet(String optionName) {
		return OptionDefaults.isSet(this.command, optionName);
	}

}
