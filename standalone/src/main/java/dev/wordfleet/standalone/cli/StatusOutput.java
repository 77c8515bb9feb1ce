package dev.wordfleet.standalone.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.Json;

/**
 * Writes batches' progress for {@code wordfleet status}: a table of batches, one batch's details, TSV, CSV or JSON.
 */
final class StatusOutput {

	/** Output formats of {@code wordfleet status}. */
	enum Format {

		/** Aligned columns with a header for a list; a label and a value per line for one batch. */
		TABLE,

		/** A row per batch, tab-separated, no header. */
		TSV,

		/** RFC 4180 CSV with a header. */
		CSV,

		/** The aggregator's JSON: an array for a list, an object for one batch. */
		JSON

	}

	private static final List<String> TABLE_HEADER = List.of("BATCH", "STATUS", "DONE", "FAILED", "PENDING", "AGE");

	private static final List<String> ROW_HEADER = List.of("batch", "status", "urls", "done", "failed", "pending",
			"submitted_at", "finished_at");

	private final Format format;

	private final Instant now;

	private final PrintWriter out;

	/**
	 * @param now the current time, from which the batches' age is computed
	 */
	StatusOutput(Format format, Instant now, PrintWriter out) {
		this.format = format;
		this.now = now;
		this.out = out;
	}

	/** Writes a list of batches. A table has the id, status, done, failed, pending and age of each. */
	void writeBatches(List<BatchProgress> batches) {
		switch (this.format) {
			case TABLE -> writeTable(batches);
			case TSV -> batches.forEach((batch) -> this.out.println(String.join("\t", row(batch))));
			case CSV -> {
				this.out.print(csvLine(ROW_HEADER));
				batches.forEach((batch) -> this.out.print(csvLine(row(batch))));
			}
			case JSON -> this.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(batches));
		}
	}

	/** Writes one batch. A table shows every detail, one per line. */
	void writeBatch(BatchProgress batch) {
		switch (this.format) {
			case TABLE -> writeDetails(batch);
			case JSON -> this.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(batch));
			case TSV, CSV -> writeBatches(List.of(batch));
		}
	}

	private void writeTable(List<BatchProgress> batches) {
		if (batches.isEmpty()) {
			return;
		}
		List<List<String>> rows = new ArrayList<>();
		rows.add(TABLE_HEADER);
		for (BatchProgress batch : batches) {
			rows.add(List.of(batch.batchId(), status(batch), String.valueOf(batch.done()),
					String.valueOf(batch.failed()), orDash(batch.pending()), age(batch.submittedAt())));
		}
		int[] widths = new int[TABLE_HEADER.size()];
		for (List<String> row : rows) {
			for (int column = 0; column < widths.length; column++) {
				widths[column] = Math.max(widths[column], row.get(column).length());
			}
		}
		for (List<String> row : rows) {
			StringBuilder line = new StringBuilder();
			for (int column = 0; column < widths.length; column++) {
				// Id and status are left-aligned, the numbers right-aligned.
				String cell = row.get(column);
				String padding = " ".repeat(widths[column] - cell.length());
				line.append((column < 2) ? cell + padding : padding + cell);
				line.append((column < widths.length - 1) ? "  " : "");
			}
			this.out.println(line.toString().stripTrailing());
		}
	}

	private void writeDetails(BatchProgress batch) {
		Map<String, String> details = new LinkedHashMap<>();
		details.put("Batch", batch.batchId());
		details.put("Status", status(batch) + ((batch.statusReason() != null) ? ": " + batch.statusReason() : ""));
		details.put("URLs", orDash(batch.urlCount()));
		details.put("Done", String.valueOf(batch.done()));
		details.put("Failed", String.valueOf(batch.failed()));
		details.put("Pending", orDash(batch.pending()));
		details.put("Words", batch.totalWords() + " (" + batch.distinctWords() + " distinct)");
		details.put("Page bytes", batch.pageBytes() + " (" + ResultOutput.byteSize(batch.pageBytes()) + ")");
		details.put("Submitted", (batch.submittedAt() != null)
				? batch.submittedAt() + " (" + age(batch.submittedAt()) + " ago)" : "-");
		details.put("Finished", orDash(batch.finishedAt()));
		JobFailed first = batch.firstFailure();
		details.put("First failure", (first != null) ? first.url() + ": " + first.reason() + ": " + first.message()
				: "-");
		int width = details.keySet().stream().mapToInt(String::length).max().orElse(0);
		details.forEach((label, value) -> this.out.println(label + ":" + " ".repeat(width - label.length() + 2)
				+ value));
	}

	private static List<String> row(BatchProgress batch) {
		return List.of(batch.batchId(), status(batch), orEmpty(batch.urlCount()), String.valueOf(batch.done()),
				String.valueOf(batch.failed()), orEmpty(batch.pending()), orEmpty(batch.submittedAt()),
				orEmpty(batch.finishedAt()));
	}

	private static String status(BatchProgress batch) {
		return batch.status().name().toLowerCase(Locale.ROOT);
	}

	/** Returns the time since the instant, such as {@code 42s}, {@code 3m05s}, {@code 2h10m} or {@code 4d03h}. */
	String age(@Nullable Instant since) {
		if (since == null) {
			return "-";
		}
		long seconds = Math.max(0, Duration.between(since, this.now).toSeconds());
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
		}
		if (seconds < 86_400) {
			return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds / 60 % 60);
		}
		return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds / 3600 % 24);
	}

	private static String orDash(@Nullable Object value) {
		return (value != null) ? value.toString() : "-";
	}

	private static String orEmpty(@Nullable Object value) {
		return (value != null) ? value.toString() : "";
	}

	private static String csvLine(List<String> fields) {
		List<String> quoted = new ArrayList<>();
		for (String field : fields) {
			boolean quote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
					|| field.indexOf('\r') >= 0;
			quoted.add(quote ? '"' + field.replace("\"", "\"\"") + '"' : field);
		}
		return String.join(",", quoted) + "\r\n";
	}

}
