package dev.wordfleet.standalone.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The help of every command, in which each option and parameter states its default, and the error for an unknown
 * command.
 */
class CommandHelpTest {

	@TempDir
	Path home;

	@Test
	void everyArgumentStatesDefault() {
		CommandLine root = WordfleetCommand.newCommandLine(Map.of(), this.home);

		assertThat(root.getSubcommands()).isNotEmpty();
		for (CommandLine command : root.getSubcommands().values()) {
			for (ArgSpec arg : command.getCommandSpec().args()) {
				if (arg instanceof OptionSpec option && (option.usageHelp() || option.versionHelp())) {
					continue;
				}
				assertThat(String.join(" ", arg.description()))
					.as("%s %s", command.getCommandName(), arg.paramLabel())
					.contains("(default: ");
			}
		}
	}

	@Test
	void everyCommandHelpShowsDefaultValues() {
		for (String name : WordfleetCommand.newCommandLine(Map.of(), this.home).getSubcommands().keySet()) {
			StringWriter out = new StringWriter();
			CommandLine commandLine = WordfleetCommand.newCommandLine(Map.of(), this.home);
			commandLine.setOut(new PrintWriter(out, true));

			int status = commandLine.execute(name, "--help");

			assertThat(status).as(name).isZero();
			assertThat(out.toString()).as(name).contains("(default: ").doesNotContain("default: null");
		}
	}

	@Test
	void rootHelpListsEveryCommand() {
		StringWriter out = new StringWriter();
		CommandLine commandLine = WordfleetCommand.newCommandLine(Map.of(), this.home);
		commandLine.setOut(new PrintWriter(out, true));

		int status = commandLine.execute("--help");

		assertThat(status).isZero();
		assertThat(out.toString()).contains("  run ", "  submit ", "  status ", "  result ", "  cancel ", "  broker ",
				"  producer ", "  worker ", "  aggregator ", "  completion ");
		assertThat(out.toString()).contains("WORDFLEET_<OPTION>");
	}

	@Test
	void unknownCommandNamed() {
		StringWriter err = new StringWriter();
		CommandLine commandLine = WordfleetCommand.newCommandLine(Map.of(), this.home);
		commandLine.setErr(new PrintWriter(err, true));

		int status = commandLine.execute("statu", "all");

		assertThat(status).isEqualTo(WordfleetCommand.EXIT_INVALID_INPUT);
		assertThat(err.toString()).startsWith("wordfleet: unknown command 'statu'");
		assertThat(err.toString()).contains("Did you mean: wordfleet status");
		assertThat(err.toString()).contains("Run 'wordfleet --help' for the usage.");
	}

	@Test
	void extraParameterOfCommandNotUnknownCommand() {
		StringWriter err = new StringWriter();
		CommandLine commandLine = WordfleetCommand.newCommandLine(Map.of(), this.home);
		commandLine.setErr(new PrintWriter(err, true));

		int status = commandLine.execute("status", "first", "second");

		assertThat(status).isEqualTo(WordfleetCommand.EXIT_INVALID_INPUT);
		assertThat(err.toString()).startsWith("wordfleet: Unmatched argument at index 2: 'second'");
		assertThat(err.toString()).contains("Run 'wordfleet status --help' for the usage.");
	}

}
