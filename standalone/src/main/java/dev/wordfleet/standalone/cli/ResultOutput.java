package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.aggregator.report.WordListFormat;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.WordCount;

/**
 * Writes a finished batch's words to standard output or a file.
 */
final class ResultOutput {

	/** Maximum number of tolerated failures that {@link #reportToleratedFailures} lists. */
	static final int LISTED_FAILURES = 10;

	private ResultOutput() {
	}

	/**
	 * Writes a completed batch's words in the format and to the place that the options set, then its summary line and
	 * the failed URLs it tolerated to standard error.
	 * @param summary the summary line, from {@link #summary}
	 */
	static void writeCompleted(BatchProgress result, List<WordCount> words, ResultOptions options, String summary,
			PrintWriter out, PrintWriter err) throws IOException {
		write(result, words, options.format, options.output, out);
		err.println(summary);
		reportToleratedFailures(result, err);
		err.flush();
	}

	/**
	 * Writes the words in the format; JSON output is an object with the batch's totals and a {@code words} array.
	 * @param file file to write, replacing it, or {@code null} for standard output
	 */
	private static void write(BatchProgress result, List<WordCount> words, WordListFormat format, @Nullable Path file,
			PrintWriter out) throws IOException {
		if (file == null) {
			writeTo(result, words, format, out);
			out.flush();
			return;
		}
		try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			writeTo(result, words, format, writer);
		}
	}

	private static void writeTo(BatchProgress result, List<WordCount> words, WordListFormat format, Writer out)
			throws IOException {
		if (format != WordListFormat.JSON) {
			format.write(words, out);
			return;
		}
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("batchId", result.batchId());
		document.put("status", result.status());
		document.put("urlCount", result.urlCount());
		document.put("pagesCounted", result.done());
		document.put("pagesFailed", result.failed());
		document.put("totalWords", result.totalWords());
		document.put("distinctWords", result.distinctWords());
		document.put("pageBytes", result.pageBytes());
		document.put("failures", result.failures());
		document.put("words", words);
		out.write(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document));
		out.write('\n');
	}

	/**
	 * Returns a one-line summary of the batch for standard error.
	 * @param elapsed time from submitting the batch to its result
	 */
	static String summary(BatchProgress result, Duration elapsed) {
		double seconds = elapsed.toMillis() / 1000.0;
		return String.format(Locale.ROOT, "Batch %s %s: %s counted, %d failed, %s (%d distinct), %s in %.1f s "
				+ "(%.0f pages/s)", result.batchId(), result.status().name().toLowerCase(Locale.ROOT),
				Plural.of(result.done(), "page", "pages"), result.failed(),
				Plural.of(result.totalWords(), "word", "words"), result.distinctWords(), byteSize(result.pageBytes()),
				seconds, (seconds > 0) ? result.done() / seconds : 0.0);
	}

	/** Formats a number of bytes in decimal units: "512 B", "14.2 kB" or "16.1 MB". */
	static String byteSize(long bytes) {
		if (bytes < 1_000) {
			return bytes + " B";
		}
		if (bytes < 1_000_000) {
			return String.format(Locale.ROOT, "%.1f kB", bytes / 1_000.0);
		}
		return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
	}

	/**
	 * Returns a one-line summary of the batch and the start of the fleet that counted it, for standard error.
	 * @param elapsed time from submitting the batch to its result
	 * @param startup time the fleet took to start
	 */
	static String summary(BatchProgress result, Duration elapsed, Duration startup) {
		return summary(result, elapsed)
				+ String.format(Locale.ROOT, "; fleet started in %.1f s", startup.toMillis() / 1000.0);
	}

	/**
	 * Writes the failed URLs of a batch that completed within its tolerated failures to standard error, at most
	 * {@value #LISTED_FAILURES} of them, so that a command that exits with status 0 still names them.
	 */
	static void reportToleratedFailures(BatchProgress result, PrintWriter err) {
		List<JobFailed> failures = result.failures();
		if (failures.isEmpty()) {
			return;
		}
		err.println("wordfleet: " + Plural.of(failures.size(), "URL", "URLs") + " failed within --max-failures:");
		for (JobFailed failure : failures.subList(0, Math.min(failures.size(), LISTED_FAILURES))) {
			err.println("  " + failure.url() + ": " + failure.reason() + ": " + failure.message());
		}
		if (failures.size() > LISTED_FAILURES) {
			err.println("  and " + (failures.size() - LISTED_FAILURES) + " more, which --format json lists");
		}
		err.flush();
	}

	/** Writes why a batch did not complete to standard error: its first failed URL and reason, if any. */
	static void reportFailure(BatchProgress result, PrintWriter err) {
		JobFailed first = result.firstFailure();
		if (first != null) {
			err.println("wordfleet: batch " + result.batchId() + " failed: " + first.url() + ": " + first.reason()
					+ ": " + first.message());
		}
		else {
			err.println("wordfleet: batch " + result.batchId() + " " + result.status().name().toLowerCase(Locale.ROOT)
					+ ": " + result.statusReason());
		}
		err.flush();
	}

}
