package dev.wordfleet.aggregator.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.WordCount;

/**
 * Ways to write a list of word counts. Every format keeps the list's order.
 */
public enum WordListFormat {

	/** Aligned columns for a terminal: rank, word and count, with a header line. */
	TABLE("text/plain") {
		@Override
		void writeWords(List<WordCount> words, Appendable out) throws IOException {
			int wordWidth = words.stream().mapToInt((entry) -> entry.word().length()).max().orElse(0);
			wordWidth = Math.max(wordWidth, "WORD".length());
			int rankWidth = Math.max(String.valueOf(words.size()).length(), "RANK".length());
			out.append(String.format(Locale.ROOT, "%" + rankWidth + "s  %-" + wordWidth + "s  %s%n", "RANK", "WORD",
					"COUNT"));
			for (int i = 0; i < words.size(); i++) {
				WordCount entry = words.get(i);
				out.append(String.format(Locale.ROOT, "%" + rankWidth + "d  %-" + wordWidth + "s  %d%n", i + 1,
						entry.word(), entry.count()));
			}
		}
	},

	/** {@code word<TAB>count} per line, no header. A word never contains a tab or a line break. */
	TSV("text/tab-separated-values") {
		@Override
		void writeWords(List<WordCount> words, Appendable out) throws IOException {
			for (WordCount entry : words) {
				out.append(entry.word()).append('\t').append(Long.toString(entry.count())).append('\n');
			}
		}
	},

	/** RFC 4180 CSV with the header {@code word,count}. */
	CSV("text/csv") {
		@Override
		void writeWords(List<WordCount> words, Appendable out) throws IOException {
			out.append("word,count\r\n");
			for (WordCount entry : words) {
				out.append(csvField(entry.word())).append(',').append(Long.toString(entry.count())).append("\r\n");
			}
		}
	},

	/** A JSON array of {@code {"word": ..., "count": ...}} objects, written one object at a time. */
	JSON("application/json") {
		@Override
		void writeWords(List<WordCount> words, Appendable out) throws IOException {
			out.append('[');
			for (int i = 0; i < words.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				out.append(Json.mapper().writeValueAsString(words.get(i)));
			}
			out.append("]\n");
		}
	};

	private final String mediaType;

	WordListFormat(String mediaType) {
		this.mediaType = mediaType;
	}

	/** Returns the media type of the format, without a charset; text is always UTF-8. */
	public String mediaType() {
		return this.mediaType;
	}

	/** Writes the words in this format. */
	public void write(List<WordCount> words, Appendable out) {
		try {
			writeWords(words, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("failed to write word counts as " + name(), ex);
		}
	}

	abstract void writeWords(List<WordCount> words, Appendable out) throws IOException;

	/**
	 * Returns the format with the given name, ignoring case.
	 * @throws IllegalArgumentException naming the value and the valid names
	 */
	public static WordListFormat of(String name) {
		for (WordListFormat format : values()) {
			if (format.name().equalsIgnoreCase(name)) {
				return format;
			}
		}
		throw new IllegalArgumentException(
				"unknown format \"" + name + "\": use one of table, tsv, csv, json");
	}

	private static String csvField(String value) {
		boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
				|| value.indexOf('\r') >= 0;
		return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
	}

}
