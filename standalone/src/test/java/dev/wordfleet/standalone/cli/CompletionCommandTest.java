package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wordfleet completion}: the script it prints, and what bash completes with it.
 */
class CompletionCommandTest {

	@TempDir
	Path folder;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@Test
	void bashScriptRegistersCompletion() {
		int status = execute("completion", "bash");

		assertThat(status).isZero();
		assertThat(this.out.toString()).contains("complete -F _complete_wordfleet")
			.contains("run submit status result cancel broker producer worker aggregator completion");
	}

	@Test
	void zshScriptLoadsBashCompletionSupport() {
		int status = execute("completion", "zsh");

		assertThat(status).isZero();
		assertThat(this.out.toString()).contains("bashcompinit").contains("complete -F _complete_wordfleet");
	}

	@Test
	void unknownShellExitsTwo() {
		int status = execute("completion", "fish");

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("'fish'");
	}

	@Test
	@EnabledIf("bashAvailable")
	void bashCompletesCommandNames() throws Exception {
		assertThat(completeInBash("wordfleet", "st")).containsExactly("status");
	}

	@Test
	@EnabledIf("bashAvailable")
	void bashCompletesOptionNames() throws Exception {
		assertThat(completeInBash("wordfleet", "submit", "--agg")).containsExactly("--aggregator-url");
	}

	@Test
	@EnabledIf("bashAvailable")
	void bashCompletesFormatValues() throws Exception {
		assertThat(completeInBash("wordfleet", "status", "--format", "")).containsExactly("table", "tsv", "csv",
				"json");
	}

	/** Sources the script in bash and returns what it completes for the words, the last one being typed. */
	private List<String> completeInBash(String... words) throws IOException, InterruptedException {
		assertThat(execute("completion", "bash")).isZero();
		Path script = Files.writeString(this.folder.resolve("wordfleet.bash"), this.out.toString(),
				StandardCharsets.UTF_8);
		String program = "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; "
				+ "COMP_POINT=${#COMP_LINE}; _complete_wordfleet; printf '%s\\n' \"${COMPREPLY[@]}\"";
		List<String> command = new ArrayList<>(List.of("bash", "-c", program, "bash", script.toString()));
		command.addAll(List.of(words));
		// compopt complains on standard error outside interactive completion, which changes nothing here.
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("bash finished").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		return output.lines().filter((completion) -> !completion.isBlank()).map(String::strip).toList();
	}

	static boolean bashAvailable() {
		try {
			Process process = new ProcessBuilder("bash", "-c", "true").start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private int execute(String... args) {
		CommandLine commandLine = WordfleetCommand.newCommandLine(Map.of(), this.folder);
		commandLine.setOut(new PrintWriter(this.out, true));
		commandLine.setErr(new PrintWriter(this.err, true));
		return commandLine.execute(args);
	}

}
