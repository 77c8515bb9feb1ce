package dev.wordfleet.standalone.cli;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

import picocli.CommandLine;

/**
 * Option value converters that accept the same forms as Spring properties.
 */
final class Conversions {

	private Conversions() {
	}

	/** Reads {@code 30s}, {@code 500ms}, {@code 2m} or an ISO-8601 duration such as {@code PT30S}. */
	static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

		@Override
		public Duration convert(String value) {
			try {
				return DurationStyle.detectAndParse(value);
			}
			catch (IllegalArgumentException ex) {
				throw new CommandLine.TypeConversionException(
						"invalid duration '" + value + "': write it like 30s, 500ms, 10m or PT10M");
			}
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
