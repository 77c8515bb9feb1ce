package dev.wordfleet.standalone.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import picocli.CommandLine.Option;

import dev.wordfleet.aggregator.report.WordListFormat;

/**
 * Options of the commands that print a batch's words: how many, in which format and where to.
 */
class ResultOptions {

	/** Words printed to standard output when no option value is given. */
	static final int DEFAULT_TOP = 20;

	@Option(names = "--top", paramLabel = "N", converter = Conversions.NonNegativeIntConverter.class,
			description = "Words to print, most frequent first; 0 prints all (default: " + DEFAULT_TOP
					+ ", or all with --output).")
	@Nullable Integer top;

	@Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
			converter = Conversions.FormatConverter.class, completionCandidates = Conversions.FormatNames.class,
			description = "Output format: table, tsv, csv or json (default: ${DEFAULT-VALUE}).")
	WordListFormat format;

	@Option(names = { "-o", "--output" }, paramLabel = "FILE",
			description = "Write the words to this file instead of standard output (default: standard output).")
	@Nullable Path output;

	/**
	 * Returns how many words to print, 0 for all. Without a value from the command line, the environment or the
	 * config file, a file named by {@code --output} gets every word and standard output the first
	 * {@value #DEFAULT_TOP}.
	 */
	int top() {
		if (this.top != null) {
			return this.top;
		}
		return (this.output != null) ? 0 : DEFAULT_TOP;
	}

	/**
	 * Checks that the output file can be written, so that a wrong path fails before the batch runs rather than after
	 * it, when its counts would be lost.
	 * @throws InvalidInputException if the path is a directory, its directory does not exist, or it is not writable
	 */
	void requireWritableOutput() {
		if (this.output == null) {
			return;
		}
		Path file = this.output.toAbsolutePath().normalize();
		if (Files.isDirectory(file)) {
			throw new InvalidInputException("output file " + file + " is a directory; give a file path, such as "
					+ file.resolve("words.tsv"));
		}
		Path directory = file.getParent();
		if (directory == null || !Files.isDirectory(directory)) {
			throw new InvalidInputException("cannot write output file " + file + ": directory " + directory
					+ " does not exist; create it or give a file in an existing directory");
		}
		if (!Files.isWritable(Files.exists(file) ? file : directory)) {
			throw new InvalidInputException("cannot write output file " + file + ": permission denied; give a file "
					+ "that you can write");
		}
	}

}
