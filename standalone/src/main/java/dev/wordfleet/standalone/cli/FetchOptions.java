package dev.wordfleet.standalone.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
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
		return properties;
	}

}
