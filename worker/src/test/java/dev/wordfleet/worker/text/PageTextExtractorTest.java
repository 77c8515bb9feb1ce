package dev.wordfleet.worker.text;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PageTextExtractorTest {

	private static final String BASE_URI = "http://127.0.0.1/page.html";

	private static final byte[] UTF_8_BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

	private static final byte[] UTF_16BE_BOM = { (byte) 0xFE, (byte) 0xFF };

	private static final byte[] UTF_16LE_BOM = { (byte) 0xFF, (byte) 0xFE };

	@Nested
	class Html {

		@Test
		void blockElementsSeparateWords() {
			assertThat(html("<p>one</p><p>two</p><div>three</div><ul><li>four</li><li>five</li></ul>"))
				.isEqualTo("one two three four five");
		}

		@Test
		void inlineElementsJoinWords() {
			assertThat(html("<p>w<b>or</b><i>d</i> <a href=\"x\">li</a><span>nk</span></p>")).isEqualTo("word link");
		}

		@Test
		void lineBreakSeparatesWords() {
			assertThat(html("<p>one<br>two</p>")).isEqualTo("one two");
		}

		@Test
		void whiteSpaceCollapses() {
			assertThat(html("<p>  one \n\t  two\r\n</p>\n\n<p>  three  </p>")).isEqualTo("one two three");
		}

		@ParameterizedTest
		@ValueSource(strings = { "<script>var hidden = 1;</script>", "<style>p { color: red }</style>",
				"<noscript>enable scripts</noscript>", "<template><p>template text</p></template>",
				"<div hidden><p>hidden text</p></div>", "<span hidden=\"hidden\">hidden text</span>",
				"<p hidden=\"until-found\">found later</p>" })
		void removedElementGivesNoText(String element) {
			assertThat(html("<p>before</p>" + element + "<p>after</p>")).isEqualTo("before after");
		}

		@Test
		void headIsNotRead() {
			String page = "<html><head><title>Title words</title><meta name=\"description\" content=\"meta words\">"
					+ "</head><body><p>body</p></body></html>";

			assertThat(html(page)).isEqualTo("body");
		}

		@Test
		void entitiesDecoded() {
			assertThat(html("<p>caf&eacute; &amp; cr&#232;me</p>")).isEqualTo("café & crème");
		}

		@Test
		void xhtmlReadAsHtml() {
			String page = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title></head>"
					+ "<body><p>x<script>s</script>y</p></body></html>";

			assertThat(extract(utf8(page), "application/xhtml+xml")).isEqualTo("xy");
		}

		@Test
		void mediaTypeIsCaseInsensitive() {
			assertThat(extract(utf8("<title>t</title><p>body</p>"), " Text/HTML ; Charset=UTF-8")).isEqualTo("body");
		}

		private static String html(String page) {
			return extract(utf8(page), "text/html");
		}

	}

	@Nested
	class ContentTypes {

		@Test
		void plainTextIsWholeBody() {
			String body = "<p>not parsed</p>\n  second line ";

			assertThat(extract(utf8(body), "text/plain; charset=utf-8")).isEqualTo(body);
		}

		@Test
		void missingTypeWithTagIsHtml() {
			assertThat(extract(utf8("<title>t</title><p>a</p><p>b</p>"), null)).isEqualTo("a b");
		}

		@Test
		void missingTypeIndentedTagIsHtml() {
			assertThat(extract(utf8(" \r\n\t<p>a</p><p>b</p>"), null)).isEqualTo("a b");
		}

		@Test
		void missingTypeWithTagAfterBomIsHtml() {
			assertThat(extract(concat(UTF_8_BOM, utf8("<p>a</p><p>b</p>")), null)).isEqualTo("a b");
		}

		@Test
		void missingTypeWithTagInUtf16IsHtml() {
			byte[] body = concat(UTF_16LE_BOM, "\n<p>a</p><p>b</p>".getBytes(StandardCharsets.UTF_16LE));

			assertThat(extract(body, null)).isEqualTo("a b");
		}

		@Test
		void missingTypeWithTextIsPlainText() {
			assertThat(extract(utf8("a > b <p>"), null)).isEqualTo("a > b <p>");
		}

		@Test
		void missingTypeWithBomTextIsPlainText() {
			assertThat(extract(concat(UTF_8_BOM, utf8("plain é")), null)).isEqualTo("plain é");
		}

		@Test
		void blankTypeCountsAsMissing() {
			assertThat(extract(utf8("plain text"), "  ")).isEqualTo("plain text");
		}

		@Test
		void missingTypeWithInvalidUtf8Rejected() {
			byte[] body = { 'a', (byte) 0xC3, '(', 'b' };

			assertThatExceptionOfType(UnsupportedContentTypeException.class).isThrownBy(() -> extract(body, null))
				.withMessage("unsupported content type: the response has no Content-Type, "
						+ "and its body is neither HTML nor valid UTF-8 text");
		}

		@Test
		void missingTypeRejectionHasEmptyType() {
			byte[] body = { (byte) 0x89, 'P', 'N', 'G' };

			assertThatExceptionOfType(UnsupportedContentTypeException.class).isThrownBy(() -> extract(body, null))
				.extracting(UnsupportedContentTypeException::contentType)
				.isEqualTo("");
		}

		@Test
		void missingTypeMalformedTagIsHtml() {
			byte[] body = concat(utf8("<p>a"), new byte[] { (byte) 0xFF }, utf8("b</p>"));

			assertThat(extract(body, null)).isEqualTo("a\uFFFDb");
		}

		@ParameterizedTest
		@ValueSource(strings = { "image/png", "application/pdf", "application/json", "application/octet-stream",
				"text/css" })
		void otherTypeRejectedWithItsName(String type) {
			assertThatExceptionOfType(UnsupportedContentTypeException.class)
				.isThrownBy(() -> extract(utf8("{}"), type))
				.withMessage("unsupported content type \"" + type + "\"");
		}

		@Test
		void rejectedTypeDropsParameters() {
			assertThatExceptionOfType(UnsupportedContentTypeException.class)
				.isThrownBy(() -> extract(utf8("{}"), "Application/JSON; charset=utf-8"))
				.extracting(UnsupportedContentTypeException::contentType)
				.isEqualTo("application/json");
		}

	}

	@Nested
	class Charsets {

		private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

		@Test
		void bomBeatsHeader() {
			byte[] body = concat(UTF_8_BOM, utf8("<p>é</p>"));

			assertThat(extract(body, "text/html; charset=ISO-8859-1")).isEqualTo("é");
		}

		@Test
		void bomBeatsMeta() {
			byte[] body = concat(UTF_8_BOM, utf8("<meta charset=\"windows-1252\"><p>é</p>"));

			assertThat(extract(body, "text/html")).isEqualTo("é");
		}

		@Test
		void headerBeatsMeta() {
			byte[] body = "<meta charset=\"utf-8\"><p>é€</p>".getBytes(WINDOWS_1252);

			assertThat(extract(body, "text/html; charset=windows-1252")).isEqualTo("é€");
		}

		@Test
		void quotedHeaderCharsetApplies() {
			byte[] body = "<p>é</p>".getBytes(StandardCharsets.ISO_8859_1);

			assertThat(extract(body, "text/html; charset=\"ISO-8859-1\"")).isEqualTo("é");
		}

		@Test
		void metaCharsetApplies() {
			byte[] body = "<meta charset=\"windows-1252\"><p>é€</p>".getBytes(WINDOWS_1252);

			assertThat(extract(body, "text/html")).isEqualTo("é€");
		}

		@Test
		void metaHttpEquivApplies() {
			byte[] body = ("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
					+ "<p>é</p>").getBytes(StandardCharsets.ISO_8859_1);

			assertThat(extract(body, "text/html")).isEqualTo("é");
		}

		@Test
		void metaInBodyApplies() {
			byte[] body = "<p>é</p><meta charset=\"ISO-8859-1\">".getBytes(StandardCharsets.ISO_8859_1);

			assertThat(extract(body, "text/html")).isEqualTo("é");
		}

		@Test
		void missingTypeReadsMetaCharset() {
			byte[] body = "<meta charset=\"ISO-8859-1\"><p>é</p>".getBytes(StandardCharsets.ISO_8859_1);

			assertThat(extract(body, null)).isEqualTo("é");
		}

		@ParameterizedTest
		@ValueSource(strings = { "no-such-charset", "not a charset name", "\"\"", "utf-8,latin1" })
		void invalidHeaderCharsetIgnored(String charset) {
			byte[] body = "<meta charset=\"ISO-8859-1\"><p>é</p>".getBytes(StandardCharsets.ISO_8859_1);

			assertThat(extract(body, "text/html; charset=" + charset)).isEqualTo("é");
		}

		@ParameterizedTest
		@ValueSource(strings = { "no-such-charset", "not a charset name", "" })
		void invalidMetaCharsetIgnored(String charset) {
			byte[] body = utf8("<meta charset=\"" + charset + "\"><p>é</p>");

			assertThat(extract(body, "text/html")).isEqualTo("é");
		}

		@Test
		void invalidHttpEquivCharsetIgnored() {
			byte[] body = utf8("<meta http-equiv=\"content-type\" content=\"text/html; charset=no-such\"><p>é</p>");

			assertThat(extract(body, "text/html")).isEqualTo("é");
		}

		@Test
		void firstValidMetaCharsetApplies() {
			byte[] body = "<meta charset=\"no-such\"><meta charset=\"ISO-8859-1\"><p>é</p>"
				.getBytes(StandardCharsets.ISO_8859_1);

			assertThat(extract(body, "text/html")).isEqualTo("é");
		}

		@Test
		void metaUtf16ReadAsUtf8() {
			byte[] body = utf8("<meta charset=\"utf-16\"><p>é</p>");

			assertThat(extract(body, "text/html")).isEqualTo("é");
		}

		@Test
		void xmlDeclarationEncodingIgnored() {
			byte[] body = utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html><body><p>é</p></body></html>");

			assertThat(extract(body, "text/html")).isEqualTo("é");
		}

		@Test
		void undeclaredHtmlIsUtf8() {
			assertThat(extract(utf8("<p>日本語</p>"), "text/html")).isEqualTo("日本語");
		}

		@Test
		void malformedUtf8BecomesReplacementCharacter() {
			byte[] body = concat(utf8("<p>a"), new byte[] { (byte) 0xE9 }, utf8("b</p>"));

			assertThat(extract(body, "text/html")).isEqualTo("a\uFFFDb");
		}

		@Test
		void utf16LittleEndianWithBom() {
			byte[] body = concat(UTF_16LE_BOM, "<p>é 日本</p>".getBytes(StandardCharsets.UTF_16LE));

			assertThat(extract(body, "text/html")).isEqualTo("é 日本");
		}

		@Test
		void utf16BigEndianWithBom() {
			byte[] body = concat(UTF_16BE_BOM, "<p>é 日本</p>".getBytes(StandardCharsets.UTF_16BE));

			assertThat(extract(body, "text/html")).isEqualTo("é 日本");
		}

		@Test
		void utf16BomBeatsHeader() {
			byte[] body = concat(UTF_16BE_BOM, "<p>é</p>".getBytes(StandardCharsets.UTF_16BE));

			assertThat(extract(body, "text/html; charset=utf-8")).isEqualTo("é");
		}

		@Test
		void windows1252Bytes() {
			byte[] body = { '<', 'p', '>', (byte) 0x80, ' ', (byte) 0x93, 'q', (byte) 0x94, ' ', (byte) 0xE9, '<', '/',
					'p', '>' };

			assertThat(extract(body, "text/html; charset=windows-1252")).isEqualTo("€ “q” é");
		}

		@Test
		void iso88591Bytes() {
			byte[] body = { '<', 'p', '>', 'c', 'a', 'f', (byte) 0xE9, ' ', (byte) 0xFC, '<', '/', 'p', '>' };

			assertThat(extract(body, "text/html; charset=ISO-8859-1")).isEqualTo("café ü");
		}

		@Test
		void plainTextUsesHeaderCharset() {
			byte[] body = "café".getBytes(StandardCharsets.ISO_8859_1);

			assertThat(extract(body, "text/plain; charset=iso-8859-1")).isEqualTo("café");
		}

		@Test
		void plainTextBomBeatsHeader() {
			byte[] body = concat(UTF_16LE_BOM, "café".getBytes(StandardCharsets.UTF_16LE));

			assertThat(extract(body, "text/plain; charset=iso-8859-1")).isEqualTo("café");
		}

		@Test
		void plainTextInvalidCharsetIgnored() {
			assertThat(extract(utf8("café"), "text/plain; charset=no-such")).isEqualTo("café");
		}

		@Test
		void plainTextDefaultsToUtf8() {
			assertThat(extract(utf8("café"), "text/plain")).isEqualTo("café");
		}

	}

	private static String extract(byte[] body, @Nullable String contentType) {
		return PageTextExtractor.extractText(body, contentType, BASE_URI);
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

}
