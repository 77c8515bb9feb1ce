package dev.wordfleet.standalone.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The log level of the commands whose standard output is their result: warnings only, or everything at INFO with
 * {@code --verbose}.
 */
public final class CliLogging {

	/**
	 * System property with the root log level of {@code wordfleet-cli-logback.xml}. Only the {@code wordfleet} entry
	 * point sets it, before logging starts.
	 */
	public static final String LEVEL_PROPERTY = "wordfleet.log.level";

	private CliLogging() {
	}

	/**
	 * Sets the root log level from the parsed {@code --verbose} option, which can also come from the environment or
	 * the config file, so the entry point's look at the raw arguments cannot decide it alone. Does nothing unless the
	 * entry point configured the logging, so that tests and the role services keep their own.
	 */
	static void applyVerbose(ParseResult parseResult) {
		ParseResult subcommand = parseResult.subcommand();
		if (System.getProperty(LEVEL_PROPERTY) == null || subcommand == null) {
			return;
		}
		OptionSpec verbose = subcommand.commandSpec().findOption("--verbose");
		Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
		if (verbose != null && root instanceof ch.qos.logback.classic.Logger logback) {
			logback.setLevel(Boolean.TRUE.equals(verbose.getValue()) ? Level.INFO : Level.WARN);
		}
	}

}
