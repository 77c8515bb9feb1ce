package dev.wordfleet.worker;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import dev.wordfleet.worker.cache.CacheSettings;
import dev.wordfleet.worker.fetch.FetchSettings;
import dev.wordfleet.worker.fetch.RetrySettings;
import dev.wordfleet.worker.politeness.PolitenessSettings;
import dev.wordfleet.worker.robots.RobotsSettings;

/**
 * Fetch settings, bound from {@code wordfleet.fetch.*}. Every value is checked by the settings record that it maps
 * onto, so an invalid one stops the worker at start-up with a message that names it.
 *
 * @param connectTimeout longest wait to open a connection to one address
 * @param totalTimeout longest time for a whole fetch, redirects and body included
 * @param maxBodySize largest accepted body after content decoding; a larger body fails the job as too large
 * @param allowPrivateNetworks whether pages may be fetched from loopback, private, link-local, unique-local,
 * carrier-grade NAT and unspecified addresses. Off by default, so that submitted URLs cannot reach internal services.
 * @param userAgent value of the {@code User-Agent} request header
 * @param maxRedirects redirects followed per fetch; 0 makes a redirect fail the job
 * @param allowedPorts ports that URLs may use unless private networks are allowed, which allows any port
 * @param retry retries of transient failures
 * @param robots robots.txt handling
 * @param politeness limits per host and over all hosts
 * @param cache the page cache across batches
 */
@ConfigurationProperties("wordfleet.fetch")
public record FetchProperties(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration totalTimeout,
		@DefaultValue("10MB") DataSize maxBodySize, @DefaultValue("false") boolean allowPrivateNetworks,
		@DefaultValue(FetchSettings.DEFAULT_USER_AGENT) String userAgent, @DefaultValue("5") int maxRedirects,
		@DefaultValue({ "80", "443" }) Set<Integer> allowedPorts, @DefaultValue Retry retry, @DefaultValue Robots robots,
		@DefaultValue Politeness politeness, @DefaultValue Cache cache) {

	/** Returns the settings for the fetcher; invalid values are rejected there with their names. */
	public FetchSettings toSettings() {
		return new FetchSettings(this.connectTimeout, this.totalTimeout, this.maxBodySize, this.allowPrivateNetworks,
				this.userAgent, this.maxRedirects, this.allowedPorts);
	}

	/**
	 * Retries, bound from {@code wordfleet.fetch.retry.*}.
	 *
	 * @param maxRetries retries after the first attempt; 0 turns retries off
	 * @param baseDelay upper bound of the random delay before the first retry, doubling with each further one
	 * @param maxDelay largest upper bound of the random delay
	 * @param maxRetryAfter longest wait that a {@code Retry-After} header may ask for; a longer one fails the job
	 */
	public record Retry(@DefaultValue("3") int maxRetries, @DefaultValue("500ms") Duration baseDelay,
			@DefaultValue("30s") Duration maxDelay, @DefaultValue("60s") Duration maxRetryAfter) {

		public RetrySettings toSettings() {
			return new RetrySettings(this.maxRetries, this.baseDelay, this.maxDelay, this.maxRetryAfter);
		}

	}

	/**
	 * robots.txt handling, bound from {@code wordfleet.fetch.robots.*}.
	 *
	 * @param enabled whether robots.txt is checked before each request
	 * @param productToken name compared with the {@code User-agent} lines of robots.txt
	 * @param cacheTtl how long a fetched or missing robots.txt is used
	 * @param unreachableTtl how long a robots.txt that could not be fetched disallows its origin
	 * @param maxSize bytes of a robots.txt that are parsed
	 * @param maxOrigins origins whose robots.txt is cached
	 */
	public record Robots(@DefaultValue("true") boolean enabled,
			@DefaultValue(RobotsSettings.DEFAULT_PRODUCT_TOKEN) String productToken,
			@DefaultValue("24h") Duration cacheTtl, @DefaultValue("1m") Duration unreachableTtl,
			@DefaultValue("500KB") DataSize maxSize, @DefaultValue("10000") int maxOrigins) {

		public RobotsSettings toSettings() {
			return new RobotsSettings(this.productToken, this.cacheTtl, this.unreachableTtl, this.maxSize,
					this.maxOrigins);
		}

	}

	/**
	 * Limits per host and over all hosts, bound from {@code wordfleet.fetch.politeness.*}.
	 *
	 * @param maxInFlightPerHost requests in flight to one host
	 * @param minDelay minimum time between the starts of two requests to one host
	 * @param maxCrawlDelay longest {@code Crawl-delay} of robots.txt that is honoured
	 * @param maxRequestsPerSecond request starts per second over all hosts; 0 means no limit
	 * @param maxWait longest wait for a host's slot and delay
	 */
	public record Politeness(@DefaultValue("2") int maxInFlightPerHost, @DefaultValue("0s") Duration minDelay,
			@DefaultValue("30s") Duration maxCrawlDelay, @DefaultValue("0") double maxRequestsPerSecond,
			@DefaultValue("5m") Duration maxWait) {

		public PolitenessSettings toSettings() {
			return new PolitenessSettings(this.maxInFlightPerHost, this.minDelay, this.maxCrawlDelay,
					this.maxRequestsPerSecond, this.maxWait);
		}

	}

	/**
	 * The page cache across batches, bound from {@code wordfleet.fetch.cache.*}.
	 *
	 * @param enabled whether counted pages are kept for later batches
	 * @param ttl how long a counted page is reused without a request
	 * @param maxSize estimated memory of the cached counts
	 */
	public record Cache(@DefaultValue("false") boolean enabled, @DefaultValue("1h") Duration ttl,
			@DefaultValue("64MB") DataSize maxSize) {

		public CacheSettings toSettings() {
			return new CacheSettings(this.enabled, this.ttl, this.maxSize);
		}

	}

}
