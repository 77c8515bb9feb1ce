package dev.wordfleet.standalone;

import java.util.List;
import java.util.Set;

import dev.wordfleet.standalone.cli.CliLogging;
import dev.wordfleet.standalone.cli.WordfleetCommand;

/**
 * Entry point of the {@code wordfleet} command.
 */
public final class Wordfleet {

	/** Commands whose standard output is their result, so logs go to standard error, warnings only. */
	private static final Set<String> QUIET_COMMANDS = Set.of("run", "submit", "status", "completion");

	/** Commands that run no Spring application, so Spring Boot does not configure their logging. */
	private static final Set<String> PLAIN_COMMANDS = Set.of("run", "submit", "status", "completion", "broker");

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
	 * Sends the logs of the commands that run no Spring application to standard error. Those whose standard output is
	 * their result keep only warnings unless {@code --verbose} is given; a {@code --verbose} from the environment or
	 * the config file is applied by {@link CliLogging} once the command line is parsed. Must run before the first
	 * logger is created. The role services keep Spring Boot's logging, configured by {@code logging.*} properties.
	 */
	private static void configureLogging(List<String> args) {
		if (args.isEmpty() || !PLAIN_COMMANDS.contains(args.getFirst())) {
			return;
		}
		boolean quiet = QUIET_COMMANDS.contains(args.getFirst()) && !args.contains("--verbose");
		System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
		System.setProperty("logback.configurationFile", "wordfleet-cli-logback.xml");
		System.setProperty(CliLogging.LEVEL_PROPERTY, quiet ? "WARN" : "INFO");
	}

}
