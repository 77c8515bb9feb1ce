package dev.wordfleet.standalone.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Supplies option values from {@code WORDFLEET_<OPTION>} environment variables and from a config file, for the
 * options that the command line does not give. The precedence is: command line, then environment variable, then
 * config file, then the option's own default.
 * <p>
 * An option's variable is its long name in upper case with dashes as underscores ({@code --stall-timeout} is
 * {@code WORDFLEET_STALL_TIMEOUT}), and an empty variable counts as unset. Its key in the config file is its long name
 * without the dashes ({@code stall-timeout=5m}). One value serves every command that has the option. The config file
 * is the one named by {@code --config}, else by {@code WORDFLEET_CONFIG}, else
 * {@code $XDG_CONFIG_HOME/wordfleet/config.properties} (or {@code ~/.config/wordfleet/config.properties}) if it exists.
 */
final class OptionDefaults implements CommandLine.IDefaultValueProvider {

	static final String VARIABLE_PREFIX = "WORDFLEET_";

	static final String CONFIG_VARIABLE = "WORDFLEET_CONFIG";

	static final String CONFIG_OPTION = "--config";

	/** Options that take no value from the environment or a config file. */
	private static final Set<String> EXCLUDED_OPTIONS = Set.of("--help", "--version", CONFIG_OPTION);

	private final Map<String, String> environment;

	private final Path userHome;

	/** Config files read so far, by path. */
	private final Map<Path, ConfigFile> configFiles = new HashMap<>();

	/** The values this provider returned, by the option they went to. */
	private final Map<ArgSpec, SuppliedValue> supplied = new IdentityHashMap<>();

	/**
	 * @param environment the environment variables, usually {@link System#getenv()}
	 * @param userHome the user's home directory, under which the default config file is looked up
	 */
	OptionDefaults(Map<String, String> environment, Path userHome) {
		this.environment = Map.copyOf(environment);
		this.userHome = userHome;
	}

	/**
	 * A value from the environment or a config file.
	 *
	 * @param value the value as written
	 * @param source where it was written: {@code environment variable NAME} or {@code FILE:KEY}
	 */
	record SuppliedValue(String value, String source) {
	}

	/**
	 * Returns the option's value from its environment variable or the config file, or {@code null} to leave the
	 * option's own default in force.
	 * @throws InvalidConfigException when the config file is missing, unreadable or has an unknown key
	 */
	@Override
	public @Nullable String defaultValue(ArgSpec argSpec) {
		if (!(argSpec instanceof OptionSpec option) || !takesValues(option)) {
			return null;
		}
		SuppliedValue value = lookUp(option);
		if (value == null) {
			this.supplied.remove(option);
			return null;
		}
		this.supplied.put(option, value);
		return value.value();
	}

	/** Returns where the value of the option came from, or {@code null} when this provider did not supply it. */
	@Nullable SuppliedValue suppliedValue(ArgSpec argSpec) {
		return this.supplied.get(argSpec);
	}

	/**
	 * Returns whether the command line, an environment variable or the config file gave the option a value, as
	 * opposed to the option's own default. Commands use it to pass on only the settings a user made, so that a
	 * role's own configuration stays in force for the rest.
	 */
	static boolean isSet(CommandSpec command, String optionName) {
		OptionSpec option = command.findOption(optionName);
		if (option == null) {
			throw new IllegalArgumentException("command " + command.qualifiedName() + " has no option " + optionName);
		}
		ParseResult parseResult = command.commandLine().getParseResult();
		if (parseResult != null && parseResult.hasMatchedOption(option)) {
			return true;
		}
		return command.commandLine().getDefaultValueProvider() instanceof OptionDefaults defaults
				&& defaults.suppliedValue(option) != null;
	}

	/** Returns the value of the option from the environment or the config file, without recording it. */
	@Nullable SuppliedValue lookUp(OptionSpec option) {
		String variable = variableName(option);
		String fromEnvironment = this.environment.get(variable);
		if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
			return new SuppliedValue(fromEnvironment, "environment variable " + variable);
		}
		ConfigFile file = configFile(option.command());
		String key = key(option);
		String fromFile = (file != null) ? file.values().get(key) : null;
		return (fromFile != null) ? new SuppliedValue(fromFile, file.path() + ":" + key) : null;
	}

	/** Returns whether the option takes values from the environment and the config file. */
	static boolean takesValues(OptionSpec option) {
		return option.longestName().startsWith("--") && !EXCLUDED_OPTIONS.contains(option.longestName());
	}

	/** Returns the option's environment variable, such as {@code WORDFLEET_STALL_TIMEOUT}. */
	static String variableName(OptionSpec option) {
		return VARIABLE_PREFIX + key(option).toUpperCase(Locale.ROOT).replace('-', '_');
	}

	/** Returns the option's key in the config file: its long name without the dashes, such as {@code top}. */
	static String key(OptionSpec option) {
		return option.longestName().substring(2);
	}

	/** Returns the config file in force for the command, or {@code null} when there is none. */
	@Nullable ConfigFile configFile(CommandSpec command) {
		ConfigFile.Location location = configLocation(command);
		if (location == null) {
			return null;
		}
		ConfigFile file = this.configFiles.get(location.path());
		if (file == null) {
			file = ConfigFile.read(location, command.commandLine(), allKeys(command.root()));
			this.configFiles.put(location.path(), file);
		}
		return file;
	}

	private ConfigFile.@Nullable Location configLocation(CommandSpec command) {
		OptionSpec configOption = command.findOption(CONFIG_OPTION);
		Path fromOption = (configOption != null) ? configOption.getValue() : null;
		if (fromOption != null) {
			return new ConfigFile.Location(fromOption, CONFIG_OPTION, true);
		}
		String fromVariable = this.environment.get(CONFIG_VARIABLE);
		if (fromVariable != null && !fromVariable.isEmpty()) {
			return new ConfigFile.Location(Path.of(fromVariable), "environment variable " + CONFIG_VARIABLE, true);
		}
		String configHome = this.environment.get("XDG_CONFIG_HOME");
		Path base = (configHome != null && !configHome.isEmpty()) ? Path.of(configHome)
				: this.userHome.resolve(".config");
		return new ConfigFile.Location(base.resolve("wordfleet").resolve("config.properties"), "default location",
				false);
	}

	/** Returns the config file keys of every option of every command. */
	private static Set<String> allKeys(CommandSpec root) {
		Set<String> keys = new TreeSet<>();
		addKeys(root, keys);
		return keys;
	}

	private static void addKeys(CommandSpec command, Set<String> keys) {
		for (OptionSpec option : command.options()) {
			if (takesValues(option)) {
				keys.add(key(option));
			}
		}
		for (CommandLine subcommand : command.subcommands().values()) {
			addKeys(subcommand.getCommandSpec(), keys);
		}
	}

	/** A config file that cannot be used: missing, unreadable, or with a key that no option has. */
	static class InvalidConfigException extends CommandLine.ParameterException {

		InvalidConfigException(CommandLine commandLine, String message) {
			super(commandLine, message);
		}

	}

}
