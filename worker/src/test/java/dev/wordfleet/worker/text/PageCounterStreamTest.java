package dev.wordfleet.worker.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests {@link PageCounter#count(InputStream, String, String)}: the stream's failures, rejected content, and charsets,
 * compared with the whole-body path of {@link PageTextExtractor}.
 */
class PageCounterStreamTest {

	private static final String BASE_URI = "http://127.0.0.1/page.html";

	private static final byte[] UTF_8_BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

	private static final byte[] UTF_16BE_BOM = { (byte) 0xFE, (byte) 0xFF };

	private static final byte[] UTF_16LE_BOM = { (byte) 0xFF, (byte) 0xFE };

	private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	private final PageCounter counter = new PageCounter();

	@Nested
	class Failures {

		static Stream<Arguments> failingBodies() {
			String html = "<p>" + "some words here ".repeat(20_000) + "</p>";
			String text = "plain words ".repeat(20_000);
			return Stream.of(arguments("text/html", html, 10), arguments("text/html", html, 100_000),
					arguments("text/plain", text, 10), arguments("text/plain", text, 100_000),
					arguments(null, html, 100_000), arguments(null, text, 100_000), arguments(null, text, 0));
		}

		@ParameterizedTest(name = "{0} failing after {2} bytes")
		@MethodSource("failingBodies")
		void streamFailurePropagatesUnchanged(@Nullable String contentType, String body, int failAfter) {
			IOException failure = new IOException("connection reset");
			InputStream stream = new FailingInputStream(utf8(body), failAfter, failure);

			Throwable thrown = catchThrowable(() -> PageCounterStreamTest.this.counter.count(stream, contentType,
					BASE_URI));

			assertThat(thrown).isSameAs(failure);
		}

		@ParameterizedTest
		@ValueSource(strings = { "image/png", "application/pdf", "application/json", "text/css" })
		void unsupportedTypeRejectedBeforeReading(String contentType) {
			FailingInputStream stream = new FailingInputStream(new byte[0], 0, new IOException("must not be read"));

			assertThatExceptionOfType(UnsupportedContentTypeException.class)
				.isThrownBy(() -> PageCounterStreamTest.this.counter.count(stream, contentType + "; charset=utf-8",
						BASE_URI))
				.withMessage("unsupported content type \"" + contentType + "\"");
		}

		@Test
		void lateInvalidBytesRejectedWhenRead() {
			byte[] valid = utf8("plain text ".repeat(20_000));
			byte[] body = concat(valid, new byte[] { (byte) 0xC3, '(' }, utf8("more text ".repeat(100_000)));
			CountingInputStream stream = new CountingInputStream(body);

			assertThatExceptionOfType(UnsupportedContentTypeException.class)
				.isThrownBy(() -> PageCounterStreamTest.this.counter.count(stream, null, BASE_URI))
				.withMessage("unsupported content type: the response has no Content-Type, "
						+ "and its body is neither HTML nor valid UTF-8 text");
			assertThat(stream.read).isLessThan(body.length);
		}

		@Test
		void missingTypeWithInvalidUtf16Rejected() {
			byte[] body = concat(UTF_16LE_BOM, "text".getBytes(StandardCharsets.UTF_16LE), new byte[] { 'x' });

			assertThatExceptionOfType(UnsupportedContentTypeException.class)
				.isThrownBy(() -> PageCounterStreamTest.this.counter.count(new ByteArrayInputStream(body), null,
						BASE_URI))
				.withMessageEndingWith("valid UTF-16LE text");
		}

		@Test
		void streamIsNotClosed() throws IOException {
			CountingInputStream stream = new CountingInputStream(utf8("<p>a b</p>"));

			PageCounterStreamTest.this.counter.count(stream, "text/html", BASE_URI);

			assertThat(stream.closed).isFalse();
		}

	}

	@Nested
	class SameAsWholeBody {

		static Stream<Arguments> bodies() {
			byte[] latin = "<p>é € “q” café</p>".getBytes(WINDOWS_1252);
			byte[] metaLatin = "<meta charset=\"windows-1252\"><p>é€ and more</p>".getBytes(WINDOWS_1252);
			return Stream.of(
					arguments("UTF-8 BOM beats header", concat(UTF_8_BOM, utf8("<p>é 日本</p>")),
							"text/html; charset=ISO-8859-1"),
					arguments("UTF-16LE BOM", concat(UTF_16LE_BOM, "<p>é 日本 words</p>".getBytes(
							StandardCharsets.UTF_16LE)), "text/html"),
					arguments("UTF-16BE BOM", concat(UTF_16BE_BOM, "<p>é 日本 words</p>".getBytes(
							StandardCharsets.UTF_16BE)), "text/html; charset=utf-8"),
					arguments("UTF-16LE BOM without type", concat(UTF_16LE_BOM, "\n <p>é words</p>".getBytes(
							StandardCharsets.UTF_16LE)), null),
					arguments("UTF-16BE BOM plain text without type", concat(UTF_16BE_BOM, "plain é".getBytes(
							StandardCharsets.UTF_16BE)), null),
					arguments("header charset", latin, "text/html; charset=windows-1252"),
					arguments("quoted header charset", latin, "text/html; charset=\"windows-1252\""),
					arguments("meta charset", metaLatin, "text/html"),
					arguments("meta charset without type", metaLatin, null),
					arguments("meta http-equiv", ("<meta http-equiv=\"Content-Type\" content=\"text/html; "
							+ "charset=ISO-8859-1\"><p>é</p>").getBytes(StandardCharsets.ISO_8859_1), "text/html"),
					arguments("meta upper case", "<META CHARSET=\"windows-1252\"><p>é€</p>".getBytes(WINDOWS_1252),
							"text/html"),
					arguments("meta in body", "<p>é</p><meta charset=\"ISO-8859-1\">".getBytes(
							StandardCharsets.ISO_8859_1), "text/html"),
					arguments("meta UTF-16 read as UTF-8", utf8("<meta charset=\"utf-16\"><p>é</p>"), "text/html"),
					arguments("invalid header charset", metaLatin, "text/html; charset=no-such-charset"),
					arguments("invalid meta charset", utf8("<meta charset=\"not a charset\"><p>é</p>"), "text/html"),
					arguments("first valid meta", "<meta charset=\"no-such\"><meta charset=\"ISO-8859-1\"><p>é</p>"
						.getBytes(StandardCharsets.ISO_8859_1), "text/html"),
					arguments("malformed UTF-8 in HTML", concat(utf8("<p>a"), new byte[] { (byte) 0xE9 },
							utf8("b c</p>")), "text/html"),
					arguments("malformed UTF-8 in plain text", concat(utf8("a"), new byte[] { (byte) 0xE9, (byte) 0x80 },
							utf8("b c")), "text/plain"),
					arguments("plain text header charset", "café ü".getBytes(StandardCharsets.ISO_8859_1),
							"text/plain; charset=iso-8859-1"),
					arguments("plain text BOM beats header", concat(UTF_16LE_BOM, "café".getBytes(
							StandardCharsets.UTF_16LE)), "text/plain; charset=iso-8859-1"),
					arguments("plain text invalid charset", utf8("café"), "text/plain; charset=no-such"),
					arguments("plain text without type", utf8(" \n plain text é > b <p>"), null),
					arguments("indented HTML without type", utf8(" \r\n\t<p>a</p><p>b</p>"), null),
					arguments("blank type", utf8("plain text"), "  "),
					arguments("long white space before HTML without type",
							utf8(" ".repeat(200_000) + "<p>a b</p>"), null),
					arguments("long white space before text without type",
							utf8("\n".repeat(200_000) + "\u0301a b"), null),
					arguments("meta charset near the end of the prefix", concat(
							utf8("<!-- " + "x".repeat(StreamingTextExtractor.PREFIX_LENGTH - 100) + " -->"),
							"<meta charset=\"windows-1252\"><p>é€ words</p>".getBytes(WINDOWS_1252)), "text/html"));
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("bodies")
		void streamGivesCountsOfWholeBody(String description, byte[] body, @Nullable String contentType)
				throws IOException {
			PageWords expected = PageCounterStreamTest.this.counter
				.countText(PageTextExtractor.extractText(body, contentType, BASE_URI));

			PageWords actual = PageCounterStreamTest.this.counter.count(new ByteArrayInputStream(body), contentType,
					BASE_URI);

			assertThat(actual).isEqualTo(expected);
		}

		@Test
		void randomBytesGiveCountsOfWholeBody() throws IOException {
			java.util.Random random = new java.util.Random(3);
			byte[] common = utf8(" <p>ab\n</é");
			String[] types = { "text/html", "text/plain", "text/html; charset=windows-1252", "text/plain; charset=utf-16" };
			for (int i = 0; i < 500; i++) {
				byte[] body = new byte[random.nextInt(3000)];
				random.nextBytes(body);
				for (int j = 0; j < body.length; j++) {
					if (random.nextInt(3) > 0) {
						body[j] = common[random.nextInt(common.length)];
					}
				}
				String type = types[i % types.length];
				PageWords expected = PageCounterStreamTest.this.counter
					.countText(PageTextExtractor.extractText(body, type, BASE_URI));

				PageWords actual = PageCounterStreamTest.this.counter.count(new ByteArrayInputStream(body), type,
						BASE_URI);

				assertThat(actual).as("body %d as %s", i, type).isEqualTo(expected);
			}
		}

	}

	@Test
	void metaCharsetAfterPrefixIsNotSeen() throws IOException {
		byte[] body = concat(utf8("<!-- " + "x".repeat(StreamingTextExtractor.PREFIX_LENGTH) + " -->"),
				"<meta charset=\"windows-1252\"><p>caf\u00E9</p>".getBytes(WINDOWS_1252));

		PageWords words = this.counter.count(new ByteArrayInputStream(body), "text/html", BASE_URI);

		// Read as UTF-8, the windows-1252 byte of é becomes U+FFFD, which is not part of a word.
		assertThat(words.counts()).containsOnlyKeys("caf");
		assertThat(this.counter.count(body, "text/html; charset=windows-1252", BASE_URI).counts())
			.containsOnlyKeys("caf\u00E9");
	}

	static Stream<Arguments> bodiesInMemory() {
		String filler = "<!-- " + "x".repeat(StreamingTextExtractor.PREFIX_LENGTH) + " -->";
		byte[] lateMeta = concat(utf8(filler), "<meta charset=\"windows-1252\"><p>caf\u00E9 words</p>"
			.getBytes(WINDOWS_1252));
		byte[] longPage = utf8("<p>" + "word caf\u00E9 ".repeat(PageCounter.WHOLE_BODY_LIMIT / 12) + "</p>");
		return Stream.of(arguments("meta charset after the prefix, no charset in the header", lateMeta, "text/html"),
				arguments("meta charset after the prefix, no header", lateMeta, null),
				arguments("meta charset after the prefix, charset in the header", lateMeta,
						"text/html; charset=windows-1252"),
				arguments("byte order mark", concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, lateMeta),
						"text/html"),
				arguments("at the limit with a charset in the header",
						Arrays.copyOf(longPage, PageCounter.WHOLE_BODY_LIMIT), "text/html; charset=utf-8"),
				arguments("past the limit with a charset in the header",
						Arrays.copyOf(longPage, PageCounter.WHOLE_BODY_LIMIT + 1), "text/html; charset=utf-8"),
				arguments("plain text with a charset in the header",
						Arrays.copyOf(longPage, PageCounter.WHOLE_BODY_LIMIT - 1), "text/plain; charset=utf-8"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bodiesInMemory")
	void bodyInMemoryCountsAsStream(String description, byte[] body, @Nullable String contentType)
			throws IOException {
		PageWords streamed = this.counter.count(new ByteArrayInputStream(body), contentType, BASE_URI);

		PageWords inMemory = this.counter.count(body, contentType, BASE_URI);

		assertThat(inMemory).isEqualTo(streamed);
		assertThat(inMemory.totalWords()).isPositive();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bodiesInMemory")
	void chunksCountAsOneArray(String description, byte[] body, @Nullable String contentType) {
		// Chunks of an odd length cut the UTF-8 encoding of é and the windows-1252 text at many places.
		List<byte[]> chunks = new ArrayList<>();
		for (int start = 0; start < body.length; start += 7_001) {
			chunks.add(Arrays.copyOfRange(body, start, Math.min(body.length, start + 7_001)));
		}

		PageWords inChunks = this.counter.count(chunks, contentType, BASE_URI);

		assertThat(chunks).hasSizeGreaterThan(1);
		assertThat(inChunks).isEqualTo(this.counter.count(body, contentType, BASE_URI));
		assertThat(this.counter.count(List.of(body), contentType, BASE_URI)).isEqualTo(inChunks);
	}

	@Test
	void noChunksRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.counter.count(List.of(), "text/html", BASE_URI))
			.withMessage("chunks must contain at least one chunk, but was empty");
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] result = new byte[length];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, result, offset, part.length);
			offset += part.length;
		}
		return result;
	}

	/**
	 * Returns bytes up to a limit, then throws the given exception.
	 */
	private static final class FailingInputStream extends InputStream {

		private final byte[] body;

		private final int failAfter;

		private final IOException failure;

		private int position;

		FailingInputStream(byte[] body, int failAfter, IOException failure) {
			this.body = body;
			this.failAfter = failAfter;
			this.failure = failure;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.position >= this.failAfter) {
				throw this.failure;
			}
			int read = Math.min(length, Math.min(this.failAfter, this.body.length) - this.position);
			if (read <= 0) {
				return -1;
			}
			System.arraycopy(this.body, this.position, buffer, offset, read);
			this.position += read;
			return read;
		}

	}

	/**
	 * Counts the bytes read and notes whether it was closed.
	 */
	private static final class CountingInputStream extends ByteArrayInputStream {

		private int read;

		private boolean closed;

		CountingInputStream(byte[] body) {
			super(body);
		}

		@Override
		public synchronized int read(byte[] buffer, int offset, int length) {
			int count = super.read(buffer, offset, length);
			this.read += Math.max(count, 0);
			return count;
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
