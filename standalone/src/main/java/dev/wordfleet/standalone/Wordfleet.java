package dev.wordfleet.standalone;

import java.util.List;
import java.util.Set;

import dev.wordfleet.standalone.cli.WordfleetCommand;

/**
 * Entry point of the {@code wordfleet} command.
 */
public final class Wordfleet {

	/** Commands whose standard output is their result, so logs go to standard error, warnings only. */
	private static final Set<String> QUIET_COMMANDS = Set.of("run", "submit");

	/** Commands that run no Spring application, so Spring Boot does not configure their logging. */
	private static final Set<String> PLAIN_COMMANDS = Set.of("run", "submit", "broker");

	private Wordfleet() {
	}

	public static void main(String[] args) {
		configureLogging(List.of(args));
		int status = WordfleetCommand.execute(args);
		if (status != WordfleetCommand.KEEP_RUNNING) {
			System.exit(status);
		}
	}

	/**
	 * Sends the logs of {@code run}, {@code submit} and {@code broker} to standard error; {@code run} and
	 * {@code submit} keep only warnings unless {@code --verbose} is given. Must run before the first logger is
	 * created. The role services keep Spring Boot's logging, configured by {@code logging.*} properties.
	 */
	private static void configureLogging(List<String> args) {
		if (args.isEmpty() || !PLAIN_COMMANDS.contains(args.getFirst())) {
			return;
		}
		boolean quiet = QUIET_COMMANDS.contains(args.getFirst()) && !args.contains("--verbose");
		System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
		System.setProperty("logback.configurationFile", "wordfleet-cli-logback.xml");
		System.setProperty("wordfleet.log.level", quiet ? "WARN" : "INFO");
	}

}
