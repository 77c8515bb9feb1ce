package dev.wordfleet.standalone.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
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
		return properties;
	}

	private boolean isSet(String optionName) {
		return OptionDefaults.isSet(this.command, optionName);
	}

}
