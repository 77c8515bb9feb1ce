package dev.wordfleet.worker.fetch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDecoderTest {

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({
			// Headers that java.util.zip.Deflater writes at its compression levels.
			"0x78, 0x01, true",
			"0x78, 0x5E, true",
			"0x78, 0x9C, true",
			"0x78, 0xDA, true",
			// A smaller window is still zlib.
			"0x58, 0x85, true",
			// Check value off by one.
			"0x78, 0x9D, false",
			// Compression method 7 is not deflate.
			"0x77, 0x01, false",
			// A window above 32 KiB is invalid.
			"0x88, 0x1C, false",
			// Typical first bytes of raw deflate data.
			"0xED, 0xBD, false",
			"0x4B, 0x4C, false" })
	void recognizesZlibHeader(String first, String second, boolean zlib) {
		assertThat(ContentDecoder.isZlibHeader(Integer.decode(first).byteValue(), Integer.decode(second).byteValue()))
				.isEqualTo(zlib);
	}

}
