package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import picocli.CommandLine;

/**
 * A properties file of option values, one {@code key=value} line per option, such as
 * {@code bootstrap-servers=localhost:9094}. Keys are the options' long names without the dashes.
 *
 * @param path the file
 * @param values the values by key
 */
record ConfigFile(Path path, Map<String, String> values) {

	/**
	 * The path of a config file and what chose it.
	 *
	 * @param path the file
	 * @param origin what named the file, such as {@code --config}, for error messages
	 * @param required whether a missing file is an error, which it is unless the file is at the default location
	 */
	record Location(Path path, String origin, boolean required) {
	}

	/**
	 * Reads the file, which is UTF-8 in {@link Properties} syntax.
	 * @param commandLine the command being parsed, for errors
	 * @param knownKeys the keys of every option of every command; a file with any other key is rejected
	 * @throws OptionDefaults.InvalidConfigException when a required file is missing, the file cannot be read, or it
	 * has a key that is not in {@code knownKeys}
	 */
	static ConfigFile read(Location location, CommandLine commandLine, Set<String> knownKeys) {
		Path path = location.path().toAbsolutePath();
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		catch (NoSuchFileException ex) {
			if (!location.required()) {
				return new ConfigFile(path, Map.of());
			}
			throw new OptionDefaults.InvalidConfigException(commandLine, "config file not found: " + path
					+ " (named by " + location.origin() + "); create it or name an existing file");
		}
		catch (IOException | IllegalArgumentException ex) {
			// Properties.load throws IllegalArgumentException for a malformed \\uXXXX escape.
			throw new OptionDefaults.InvalidConfigException(commandLine,
					"failed to read config file " + path + " (named by " + location.origin() + "): " + ex);
		}

		Map<String, String> values = new LinkedHashMap<>();
		for (String key : properties.stringPropertyNames()) {
			values.put(key, properties.getProperty(key).strip());
		}
		List<String> unknown = values.keySet().stream().filter((key) -> !knownKeys.contains(key)).sorted().toList();
		if (!unknown.isEmpty()) {
			String keys = ((unknown.size() > 1) ? "keys " : "key ") + String.join(", ", unknown);
			throw new OptionDefaults.InvalidConfigException(commandLine, "unknown " + keys + " in config file " + path
					+ ": keys are option names without the dashes, one of " + String.join(", ", knownKeys));
		}
		return new ConfigFile(path, Map.copyOf(values));
	}

}
