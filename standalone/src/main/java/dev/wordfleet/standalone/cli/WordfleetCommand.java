package dev.wordfleet.standalone.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import dev.wordfleet.producer.batch.InvalidUrlListException;

/**
 * The {@code wordfleet} command and its subcommands.
 */
@Command(name = "wordfleet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = "Counts the words of many web pages with a fleet of workers on Apache Kafka.",
		subcommands = { RunCommand.class, SubmitCommand.class, BrokerCommand.class, RoleCommand.Producer.class,
				RoleCommand.Worker.class, RoleCommand.Aggregator.class },
		exitCodeListHeading = "%nExit status:%n",
		exitCodeList = { "0:the batch completed", "1:the batch failed, or the command failed",
				"2:invalid usage or input" })
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

	/** Creates the command line with wordfleet's error handling: invalid input exits with 2. */
	public static CommandLine newCommandLine() {
		CommandLine commandLine = new CommandLine(new WordfleetCommand());
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
			PrintWriter err = cmd.getErr();
			if (ex instanceof InvalidUrlListException || ex instanceof InvalidInputException
					|| ex instanceof IllegalArgumentException) {
				err.println("wordfleet: " + ex.getMessage());
				err.flush();
				return EXIT_INVALID_INPUT;
			}
			if (ex instanceof BrokerCheck.BrokerUnreachableException) {
				err.println("wordfleet: " + ex.getMessage());
				err.flush();
				return EXIT_FAILED;
			}
			err.println("wordfleet: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
			err.flush();
			return EXIT_FAILED;
		});
		return commandLine;
	}

}
