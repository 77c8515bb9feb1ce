package dev.wordfleet.standalone.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.NestedExceptionUtils;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import dev.wordfleet.producer.batch.InvalidUrlListException;
import dev.wordfleet.standalone.Causes;

/**
 * The {@code wordfleet} command and its subcommands.
 */
@Command(name = "wordfleet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = "Counts the words of many web pages with a fleet of workers on Apache Kafka.",
		subcommands = { RunCommand.class, SubmitCommand.class, StatusCommand.class, ResultCommand.class,
				CancelCommand.class, BrokerCommand.class, RoleCommand.Producer.class, RoleCommand.Worker.class,
				RoleCommand.Aggregator.class, CompletionCommand.class },
		footerHeading = "%nOption values:%n",
		footer = { "An option not given on the command line takes its value from the environment variable "
				+ "WORDFLEET_<OPTION> (WORDFLEET_STALL_TIMEOUT for --stall-timeout), else from the config file "
				+ "(stall-timeout=5m), else its default. The config file is the one named by --config, else by "
				+ "WORDFLEET_CONFIG, else this one, if it exists:",
				"  $XDG_CONFIG_HOME/wordfleet/config.properties, or without XDG_CONFIG_HOME",
				"  ~/.config/wordfleet/config.properties" },
		exitCodeListHeading = "%nExit status:%n",
		exitCodeList = { "0:the batch completed", "1:the batch failed, or the command failed",
				"2:invalid usage or input", "130:interrupted by Ctrl-C (143 by SIGTERM)" })
public class WordfleetCommand implements Runnable {

	/** Exit status of a batch that failed. */
	public static final int EXIT_BATCH_FAILED = 1;

	/** Exit status of a command that failed for another reason than its input. */
	public static final int EXIT_FAILED = 1;

	/**
	 * Returned by commands that start a long-running service: the JVM must stay up, so the caller must not exit.
	 */
	public static final int KEEP_RUNNING = -1;

	/** Exit status of invalid usage or input. */
	public static final int EXIT_INVALID_INPUT = 2;

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "a command is missing");
	}

	/** Runs the command line and returns the exit status. */
	public static int execute(String... args) {
		return newCommandLine().execute(args);
	}

	/**
	 * Creates the command line with wordfleet's error handling, and option values from this process's environment
	 * and the user's config file.
	 */
	public static CommandLine newCommandLine() {
		return newCommandLine(System.getenv(), Path.of(System.getProperty("user.home")));
	}

	/**
	 * Creates the command line with wordfleet's error handling: invalid input exits with 2.
	 * @param environment the environment variables that supply option values
	 * @param userHome the home directory under which the default config file is looked up
	 */
	static CommandLine newCommandLine(Map<String, String> environment, Path userHome) {
		CommandLine commandLine = new CommandLine(new WordfleetCommand());
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		OptionDefaults defaults = new OptionDefaults(environment, userHome);
		commandLine.setDefaultValueProvider(defaults);
		OptionSourcesHelp.addTo(commandLine, defaults);
		commandLine.setParameterExceptionHandler(new ParseErrorReporter(defaults));
		commandLine.setExecutionStrategy((parseResult) -> {
			CliLogging.applyVerbose(parseResult);
			return new CommandLine.RunLast().execute(parseResult);
		});
		commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
			PrintWriter err = cmd.getErr();
			if (ex instanceof InvalidUrlListException || ex instanceof InvalidInputException
					|| ex instanceof IllegalArgumentException) {
				err.println("wordfleet: " + ex.getMessage());
				err.flush();
				return EXIT_INVALID_INPUT;
			}
			if (ex instanceof CommandFailedException) {
				err.println("wordfleet: " + ex.getMessage());
				err.flush();
				return EXIT_FAILED;
			}
			PortInUseException portInUse = Causes.find(ex, PortInUseException.class);
			if (portInUse != null) {
				err.println("wordfleet: port " + portInUse.getPort() + " is already in use, so the HTTP server did not "
						+ "start; stop the process that uses it, or give this role another port with "
						+ "--server.port=PORT");
				err.flush();
				return EXIT_FAILED;
			}
			err.println("wordfleet: " + ex.getClass().getSimpleName() + ": " + ex.getMessage() + rootCauseNote(ex));
			err.flush();
			return EXIT_FAILED;
		});
		return commandLine;
	}

	/**
	 * Returns the deepest cause of an unexpected exception as " (caused by ...)", or an empty string when the exception
	 * has no cause. Spring wraps the reason a role could not start in exceptions whose own messages do not name it.
	 */
	static String rootCauseNote(Throwable ex) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(ex);
		if (root == ex || Objects.equals(root.getMessage(), ex.getMessage())) {
			return "";
		}
		return " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
	}

	/**
	 * Reports a parse error in a few lines: the error, picocli's suggestions for a mistyped option or command, and
	 * where to find the options, without the whole usage, which would scroll the error away. Without any arguments
	 * the usage follows the error, because it lists the commands. An invalid option value from the environment or the
	 * config file is reported with where it came from.
	 */
	private record ParseErrorReporter(OptionDefaults defaults) implements CommandLine.IParameterExceptionHandler {

		@Override
		public int handleParseException(CommandLine.ParameterException ex, String[] args) throws Exception {
			PrintWriter err = ex.getCommandLine().getErr();
			if (ex instanceof OptionDefaults.InvalidConfigException) {
				err.println("wordfleet: " + ex.getMessage());
				err.flush();
				return EXIT_INVALID_INPUT;
			}
			OptionDefaults.SuppliedValue supplied = (ex.getArgSpec() != null)
					? this.defaults.suppliedValue(ex.getArgSpec()) : null;
			if (supplied == null) {
				err.println("wordfleet: " + describe(ex));
				if (args.length == 0) {
					// Without any arguments the usage lists the commands.
					ex.getCommandLine().usage(err);
				}
				else {
					CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
					err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName()
							+ " --help' for the usage.");
				}
				err.flush();
				return EXIT_INVALID_INPUT;
			}
			err.println("wordfleet: " + ex.getMessage() + " (value '" + supplied.value() + "' from " + supplied.source()
					+ "); correct it there, or give the option on the command line");
			err.flush();
			return EXIT_INVALID_INPUT;
		}

		/**
		 * Returns picocli's message, or "unknown command 'X'" when X, the first argument that picocli could not
		 * match, is not an option and is given where a command is expected. That is the case on a command that has
		 * subcommands and no positional parameters of its own.
		 */
		private static String describe(CommandLine.ParameterException ex) {
			CommandLine commandLine = ex.getCommandLine();
			if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
					&& !unmatched.getUnmatched().getFirst().startsWith("-") && !commandLine.getSubcommands().isEmpty()
					&& commandLine.getCommandSpec().positionalParameters().isEmpty()) {
				return "unknown command '" + unmatched.getUnmatched().getFirst() + "'";
			}
			return ex.getMessage();
		}

	}

}
