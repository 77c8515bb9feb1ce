package dev.wordfleet.standalone.cli;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import picocli.CommandLine.Option;

/**
 * The {@code --config} option of every command that has options. {@link OptionDefaults} reads the value while it
 * parses the command line.
 */
class ConfigOption {

	@Option(names = OptionDefaults.CONFIG_OPTION, paramLabel = "FILE",
			description = "Properties file of option values, one NAME=VALUE line per option, NAME being the long "
					+ "option without its dashes (default: $"
					+ OptionDefaults.CONFIG_VARIABLE
					+ ", else wordfleet/config.properties in $XDG_CONFIG_HOME or ~/.config, if it exists).")
	@Nullable Path file;

}
