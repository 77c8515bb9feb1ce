package dev.wordfleet.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import dev.wordfleet.worker.fetch.FetchSettings;

/**
 * Fetch settings, bound from {@code wordfleet.fetch.*}.
 *
 * @param connectTimeout longest wait to open a connection to one address
 * @param totalTimeout longest time for a whole fetch, redirects and body included
 * @param maxBodySize largest accepted body after content decoding; a larger body fails the job as too large
 * @param allowPrivateNetworks whether pages may be fetched from loopback, private, link-local, unique-local,
 * carrier-grade NAT and unspecified addresses. Off by default, so that submitted URLs cannot reach internal services.
 * @param userAgent value of the {@code User-Agent} request header
 * @param maxRedirects redirects followed per fetch; 0 makes a redirect fail the job
 */
@ConfigurationProperties("wordfleet.fetch")
public record FetchProperties(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration totalTimeout,
		@DefaultValue("10MB") DataSize maxBodySize, @DefaultValue("false") boolean allowPrivateNetworks,
		@DefaultValue(FetchSettings.DEFAULT_USER_AGENT) String userAgent, @DefaultValue("5") int maxRedirects) {

	/** Returns the settings for the fetcher; invalid values are rejected there with their names. */
	public FetchSettings toSettings() {
		return new FetchSettings(this.connectTimeout, this.totalTimeout, this.maxBodySize, this.allowPrivateNetworks,
				this.userAgent, this.maxRedirects);
	}

}
