package dev.wordfleet.standalone.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A help section of every subcommand that lists the option values set by environment variables and the config
 * file, with where each came from. The option list shows the values as defaults too, but not their source, and not
 * at all for options without a default.
 */
final class OptionSourcesHelp {

	static final String SECTION_KEY = "wordfleetOptionSources";

	private OptionSourcesHelp() {
	}

	/** Adds the section to every subcommand, after the options. */
	static void addTo(CommandLine root, OptionDefaults defaults) {
		for (CommandLine subcommand : root.getSubcommands().values()) {
			subcommand.getHelpSectionMap().put(SECTION_KEY, (help) -> render(help.commandSpec(), defaults));
			List<String> keys = new ArrayList<>(subcommand.getHelpSectionKeys());
			keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING), SECTION_KEY);
			subcommand.setHelpSectionKeys(keys);
		}
	}

	private static String render(CommandSpec command, OptionDefaults defaults) {
		StringBuilder lines = new StringBuilder();
		for (OptionSpec option : command.options()) {
			if (!OptionDefaults.takesValues(option)) {
				continue;
			}
			OptionDefaults.SuppliedValue value = defaults.lookUp(option);
			if (value != null) {
				// The help shows that a token is set, never the token.
				String displayedValue = option.longestName().equals(AggregatorOption.API_TOKEN_OPTION) ? "(hidden)"
						: value.value();
				lines.append(String.format(Locale.ROOT, "  %s=%s  (%s)%n", option.longestName(), displayedValue,
						value.source()));
			}
		}
		if (lines.isEmpty()) {
			return "";
		}
		return String.format(Locale.ROOT, "%nSet by the environment or the config file:%n") + lines;
	}

}
