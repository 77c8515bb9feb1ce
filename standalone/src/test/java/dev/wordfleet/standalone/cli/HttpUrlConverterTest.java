package dev.wordfleet.standalone.cli;

import java.net.URI;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The values that {@code --aggregator-url} takes and the errors for the others.
 */
class HttpUrlConverterTest {

	private final Conversions.HttpUrlConverter converter = new Conversions.HttpUrlConverter();

	@Test
	void trailingSlashDropped() {
		assertThat(this.converter.convert("http://127.0.0.1:8081/")).isEqualTo(URI.create("http://127.0.0.1:8081"));
		assertThat(this.converter.convert("https://127.0.0.1/fleet")).isEqualTo(URI.create("https://127.0.0.1/fleet"));
	}

	@Test
	void missingSchemeNamed() {
		assertThatExceptionOfType(CommandLine.TypeConversionException.class)
			.isThrownBy(() -> this.converter.convert("127.0.0.1:39081"))
			.withMessage("invalid URL '127.0.0.1:39081': it has no scheme; write it like http://127.0.0.1:8081");
	}

	@Test
	void otherSchemeRejected() {
		assertThatExceptionOfType(CommandLine.TypeConversionException.class)
			.isThrownBy(() -> this.converter.convert("ftp://127.0.0.1:8081"))
			.withMessage("invalid URL 'ftp://127.0.0.1:8081': write it like http://127.0.0.1:8081");
	}

	@Test
	void queryRejected() {
		assertThatExceptionOfType(CommandLine.TypeConversionException.class)
			.isThrownBy(() -> this.converter.convert("http://127.0.0.1:8081/?a=1"))
			.withMessage("invalid URL 'http://127.0.0.1:8081/?a=1': give a host and no query, like http://127.0.0.1:8081");
	}

}
