package dev.wordfleet.standalone.cli;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import picocli.CommandLine.Option;

import dev.wordfleet.aggregator.report.WordListFormat;

/**
 * Options of the commands that print a batch's words: how many, in which format and where to.
 */
class ResultOptions {

	@Option(names = "--top", paramLabel = "N", defaultValue = "20",
			converter = Conversions.NonNegativeIntConverter.class,
			description = "Words to print, most frequent first; 0 prints all (default: ${DEFAULT-VALUE}).")
	int top;

	@Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
			converter = Conversions.FormatConverter.class, completionCandidates = Conversions.FormatNames.class,
			description = "Output format: table, tsv, csv or json (default: ${DEFAULT-VALUE}).")
	WordListFormat format;

	@Option(names = { "-o", "--output" }, paramLabel = "FILE",
			description = "Write the words to this file instead of standard output (default: standard output).")
	@Nullable Path output;

}
