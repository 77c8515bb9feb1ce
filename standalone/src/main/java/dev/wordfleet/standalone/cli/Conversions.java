package dev.wordfleet.standalone.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

import picocli.CommandLine;

import dev.wordfleet.aggregator.report.WordListFormat;

/**
 * Option value converters that accept the same forms as Spring properties.
 */
final class Conversions {

	private Conversions() {
	}

	/**
	 * Reads a positive duration: {@code 30s}, {@code 500ms}, {@code 2m} or an ISO-8601 duration such as
	 * {@code PT30S}.
	 */
	static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

		@Override
		public Duration convert(String value) {
			Duration duration = parseDuration(value);
			if (duration.isNegative() || duration.isZero()) {
				throw new CommandLine.TypeConversionException(
						"invalid duration '" + value + "': it must be positive, such as 30s");
			}
			return duration;
		}

	}

	/** Reads a duration of 0 or more, written as {@link DurationConverter} reads it. */
	static final class NonNegativeDurationConverter implements CommandLine.ITypeConverter<Duration> {

		@Override
		public Duration convert(String value) {
			Duration duration = parseDuration(value);
			if (duration.isNegative()) {
				throw new CommandLine.TypeConversionException(
						"invalid duration '" + value + "': it must be 0s or more, such as 500ms");
			}
			return duration;
		}

	}

	private static Duration parseDuration(String value) {
		// Spring reads a bare number as milliseconds, which on a command line is almost always a forgotten unit.
		String number = value.strip();
		if (!number.isEmpty() && number.chars().allMatch(Character::isDigit)) {
			throw new CommandLine.TypeConversionException("invalid duration '" + value + "': give a unit, such as "
					+ number + "s, " + number + "ms or " + number + "m");
		}
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new CommandLine.TypeConversionException(
					"invalid duration '" + value + "': write it like 30s, 500ms, 10m or PT10M");
		}
	}

	/** Reads a whole number of 0 or more. */
	static final class NonNegativeIntConverter implements CommandLine.ITypeConverter<Integer> {

		@Override
		public Integer convert(String value) {
			String range = "give 0 or more";
			int number = parseInt(value, range);
			if (number < 0) {
				throw new CommandLine.TypeConversionException("'" + value + "' is negative: " + range);
			}
			return number;
		}

	}

	/** Reads a whole number of 1 or more. */
	static final class PositiveIntConverter implements CommandLine.ITypeConverter<Integer> {

		@Override
		public Integer convert(String value) {
			String range = "give 1 or more";
			int number = parseInt(value, range);
			if (number < 1) {
				throw new CommandLine.TypeConversionException("'" + value + "' is too small: " + range);
			}
			return number;
		}

	}

	/** Reads a word list format by name, ignoring case: {@code table}, {@code tsv}, {@code csv} or {@code json}. */
	static final class FormatConverter implements CommandLine.ITypeConverter<WordListFormat> {

		@Override
		public WordListFormat convert(String value) {
			try {
				return WordListFormat.of(value);
			}
			catch (IllegalArgumentException ex) {
				throw new CommandLine.TypeConversionException(ex.getMessage());
			}
		}

	}

	/**
	 * Lists an enum's constants in lower case, as users write them, for shell completion and help. Picocli needs a
	 * class with a constructor without parameters, hence one subclass per enum.
	 */
	abstract static class LowerCaseNames implements Iterable<String> {

		private final Class<? extends Enum<?>> type;

		LowerCaseNames(Class<? extends Enum<?>> type) {
			this.type = type;
		}

		@Override
		public Iterator<String> iterator() {
			return Arrays.stream(this.type.getEnumConstants())
				.map((constant) -> constant.name().toLowerCase(Locale.ROOT))
				.iterator();
		}

	}

	/** The names of the word list formats. */
	static final class FormatNames extends LowerCaseNames {

		FormatNames() {
			super(WordListFormat.class);
		}

	}

	/** The names of the status formats. */
	static final class StatusFormatNames extends LowerCaseNames {

		StatusFormatNames() {
			super(StatusOutput.Format.class);
		}

	}

	/** The settings of {@code --progress}. */
	static final class ProgressNames extends LowerCaseNames {

		ProgressNames() {
			super(ProgressDisplay.When.class);
		}

	}

	/** The shells of {@code wordfleet completion}. */
	static final class ShellNames extends LowerCaseNames {

		ShellNames() {
			super(CompletionCommand.Shell.class);
		}

	}

	/**
	 * Reads the base URL of an HTTP API, such as {@code http://127.0.0.1:8081}: an absolute {@code http} or
	 * {@code https} URL with a host and no query, returned without a trailing slash.
	 */
	static final class HttpUrlConverter implements CommandLine.ITypeConverter<URI> {

		@Override
		public URI convert(String value) {
			if (!value.contains("://")) {
				throw new CommandLine.TypeConversionException(
						"invalid URL '" + value + "': it has no scheme; write it like http://127.0.0.1:8081");
			}
			URI uri;
			try {
				uri = new URI(value);
			}
			catch (URISyntaxException ex) {
				throw new CommandLine.TypeConversionException("invalid URL '" + value + "': " + ex.getReason());
			}
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!scheme.equals("http") && !scheme.equals("https")) {
				throw new CommandLine.TypeConversionException(
						"invalid URL '" + value + "': write it like http://127.0.0.1:8081");
			}
			if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
				throw new CommandLine.TypeConversionException(
						"invalid URL '" + value + "': give a host and no query, like http://127.0.0.1:8081");
			}
			String text = uri.toString();
			return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
		}

	}

	/**
	 * Reads a whole number, or rejects the value with a message that ends with the given range.
	 */
	private static int parseInt(String value, String range) {
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number: " + range);
		}
	}

	/** Reads {@code 10MB}, {@code 512KB} or a number of bytes. */
	static final class DataSizeConverter implements CommandLine.ITypeConverter<DataSize> {

		@Override
		public DataSize convert(String value) {
			try {
				return DataSize.parse(value);
			}
			catch (IllegalArgumentException ex) {
				throw new CommandLine.TypeConversionException(
						"invalid size '" + value + "': write it like 10MB, 512KB or 1048576");
			}
		}

	}

}
