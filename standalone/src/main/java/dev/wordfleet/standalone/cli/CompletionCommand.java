package dev.wordfleet.standalone.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wordfleet completion}: prints a shell completion script that picocli generates from the command's model,
 * so it always lists the current commands and options.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
		description = { "Prints a completion script for bash or zsh.",
				"bash: add 'source <(wordfleet completion bash)' to ~/.bashrc.",
				"zsh: add 'source <(wordfleet completion zsh)' to ~/.zshrc; the script loads zsh's bash completion "
						+ "support (bashcompinit)." },
		footer = "%nThe script completes the command name wordfleet, so put the launcher on the PATH.")
class CompletionCommand implements Callable<Integer> {

	/** Shells that the script supports. */
	enum Shell {

		BASH,

		/** zsh, through its bash completion support, which the script loads itself. */
		ZSH

	}

	@Spec
	private CommandSpec spec;

	@Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", defaultValue = "bash",
			completionCandidates = Conversions.ShellNames.class,
			description = "bash or zsh (default: ${DEFAULT-VALUE}).")
	Shell shell;

	@Override
	public Integer call() {
		// picocli writes one script for both shells: under zsh it loads bashcompinit before it registers.
		String script = AutoComplete.bash(this.spec.root().name(), this.spec.root().commandLine());
		PrintWriter out = this.spec.commandLine().getOut();
		out.print(script);
		out.flush();
		return 0;
	}

}
