package dev.wordfleet.worker.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares the streaming count of HTML pages with the count of the text that {@link PageTextExtractor} reads from the
 * whole page, for pages that exercise jsoup's tree building: nesting, misnested and unclosed tags, tables with stray
 * content, removed and hidden elements, white space that is preserved, and late {@code <html>} and {@code <body>}
 * tags.
 */
class StreamingHtmlDifferentialTest {

	private static final String BASE_URI = "http://127.0.0.1/page.html";

	private static final String[] BLOCKS = { "div", "p", "section", "ul", "ol", "li", "h1", "h2", "blockquote", "dl",
			"dt", "dd", "header", "footer", "nav", "address", "center", "form", "fieldset", "figure", "details",
			"summary", "hr" };

	private static final String[] INLINES = { "span", "a", "b", "i", "em", "strong", "font", "code", "small", "u", "s",
			"tt", "big", "nobr", "abbr", "label", "q", "sub", "mark", "x-custom" };

	private static final String[] TEXT_BOUNDARIES = { "button", "select", "option", "textarea", "output", "progress",
			"meter", "img", "picture", "audio", "video", "canvas", "object", "embed", "iframe", "input" };

	private static final String[] TABLE_PARTS = { "table", "tbody", "thead", "tr", "td", "th", "caption", "col" };

	private static final String[] REMOVED = { "script", "style", "noscript", "template" };

	private static final String[] OTHERS = { "pre", "listing", "xmp", "title", "svg", "math", "br", "wbr", "area",
			"ruby", "rt", "frame", "body", "html", "head", "link" };

	private static final String[] WORDS = { "alpha", "Beta", "GAMMA", "δέλτα", "日本語の文章です", "ภาษาไทย", "don’t",
			"e-mail", "3.14", "x", "a", "well-known", "İstanbul", "cafe\u0301", "soft\u00ADware", "zero\u200Bwidth",
			"more\u202Fhere", "&amp;", "&lt;", "&eacute;t&eacute;", "&nbsp;", "\u00A0", "!", ",", ".", "?", "--",
			"\u0301", "\uD83D\uDE00", "foo_bar", "U.S.A." };

	private static final String[] SPACES = { " ", " ", " ", "\n", "\t", "  \r\n ", "", "", "", "\f" };

	private final PageCounter counter = new PageCounter();

	@Test
	void nestedInlineBeforeBlockJoinsNextText() {
		assertStreamingMatches("<span><span>a<div>b</div></span></span>c");
	}

	@Test
	void commentAfterTableJoinsFollowingText() {
		assertStreamingMatches("<p>x<table><tr><td>a</td></tr></table><!--c-->x</p>");
	}

	@Test
	void textFosterParentedBeforeTableJoinsTextBefore() {
		assertStreamingMatches("foo<table><tr><td>a</td></tr>x<b>y</b></table>z");
	}

	@Test
	void misnestedFormattingMovesBlockOutOfHiddenElement() {
		assertStreamingMatches("<b><span hidden><div>secret</b>more</div>after");
	}

	@Test
	void misnestedFormattingMovesChildrenOfOpenBlock() {
		assertStreamingMatches("<b><div>text<p>p1</p>x</b>y</div>z");
	}

	@Test
	void reopenedHiddenFormattingElementHidesLaterText() {
		assertStreamingMatches("<p><b hidden>x</p><p>y z</p>");
	}

	@ParameterizedTest
	@ValueSource(strings = { "<p>a b</p><body hidden><p>c</p>", "<p>a</p><html hidden>", "<body hidden>a b",
			"<div></div><title>Hello</title><frameset><noframes>nf</noframes></frameset>",
			"<p>a</p><body class=x><p>b</p>" })
	void lateHtmlAndBodyTagsApplyToWholePage(String page) {
		assertStreamingMatches(page);
	}

	@Test
	void generatedPagesMatchWholePageCounts() {
		assertGeneratedPagesMatch(20261204L, 3000, StreamingHtmlDifferentialTest::generatePage);
	}

	@Test
	void generatedPagesParsedWholeForMetaMatch() {
		assertGeneratedPagesMatch(11L, 300, (random) -> "<meta charset=\"utf-8\">" + generatePage(random));
	}

	@Test
	void generatedLargePagesMatchWholePageCounts() {
		assertGeneratedPagesMatch(7L, 60, (random) -> generatePage(random, 2000 + random.nextInt(6000)));
	}

	@Test
	void inMemoryBodiesMatchStreamedBodies() throws IOException {
		Random random = new Random(5L);
		int prefix = StreamingTextExtractor.PREFIX_LENGTH;
		for (int i = 0; i < 300; i++) {
			byte[] page = generatePage(random).getBytes(StandardCharsets.UTF_8);
			// A long last word pads some pages to just below, at and just above the length parsed whole.
			int size = (i < 3) ? prefix - 1 + i : page.length;
			byte[] body = new byte[Math.max(size, page.length)];
			System.arraycopy(page, 0, body, 0, page.length);
			Arrays.fill(body, page.length, body.length, (byte) 'w');
			String contentType = random.nextBoolean() ? "text/html; charset=utf-8" : "text/html";

			PageWords inMemory = this.counter.count(body, contentType, BASE_URI);
			PageWords streamed = this.counter.count(new ByteArrayInputStream(body), contentType, BASE_URI);

			assertThat(inMemory).as("page %d of %d bytes", i, body.length).isEqualTo(streamed);
		}
	}

	/**
	 * Counts generated pages both ways and fails with the first three pages whose counts differ.
	 */
	private void assertGeneratedPagesMatch(long seed, int pages, Function<Random, String> generator) {
		Random random = new Random(seed);
		List<String> mismatches = new ArrayList<>();
		for (int i = 0; i < pages && mismatches.size() < 3; i++) {
			String page = generator.apply(random);
			String difference = difference(page, random);
			if (difference != null) {
				mismatches.add("page " + i + " of seed " + seed + ": " + difference + "\n" + page);
			}
		}
		assertThat(mismatches).isEmpty();
	}

	private void assertStreamingMatches(String page) {
		assertThat(difference(page, new Random(1))).as(page).isNull();
	}

	/**
	 * Counts the page both ways and describes the words whose counts differ, or returns null when none do.
	 */
	private String difference(String page, Random random) {
		byte[] body = page.getBytes(StandardCharsets.UTF_8);
		PageWords expected = this.counter.countText(PageTextExtractor.extractText(body, "text/html", BASE_URI));
		PageWords actual;
		try {
			actual = this.counter.count(new TricklingInputStream(body, random.nextLong()), "text/html", BASE_URI);
		}
		catch (IOException ex) {
			throw new AssertionError("an in-memory body failed", ex);
		}
		if (expected.equals(actual)) {
			return null;
		}
		TreeSet<String> words = new TreeSet<>(expected.counts().keySet());
		words.addAll(actual.counts().keySet());
		Map<String, String> differences = new TreeMap<>();
		for (String word : words) {
			Integer before = expected.counts().get(word);
			Integer after = actual.counts().get(word);
			if (!Objects.equals(before, after)) {
				differences.put(word, before + " -> " + after);
			}
		}
		return "whole page text \"" + PageTextExtractor.extractText(body, "text/html", BASE_URI) + "\", differences "
				+ differences;
	}

	static String generatePage(Random random) {
		int length = (random.nextInt(10) == 0) ? 300 + random.nextInt(1500) : 5 + random.nextInt(120);
		return generatePage(random, length);
	}

	/**
	 * Writes a page of random tokens: text, start and end tags (closing the open element, or any element), comments,
	 * removed elements with content, tables with stray text, preserved white space and rare late document tags.
	 */
	static String generatePage(Random random, int tokens) {
		StringBuilder page = new StringBuilder();
		if (random.nextInt(3) == 0) {
			// No <meta>: a short page with one is parsed whole to find its charset, and this test is about streaming.
			page.append("<!DOCTYPE html><html><head><title>title words</title></head><body>");
		}
		Deque<String> open = new ArrayDeque<>();
		for (int i = 0; i < tokens; i++) {
			int kind = random.nextInt(100);
			if (kind < 32) {
				appendText(page, random);
			}
			else if (kind < 58) {
				String tag = randomTag(random);
				appendStartTag(page, tag, random);
				open.push(tag);
			}
			else if (kind < 76) {
				if (!open.isEmpty()) {
					page.append("</").append(open.pop()).append('>');
				}
			}
			else if (kind < 80) {
				page.append("</").append(randomTag(random)).append('>');
			}
			else if (kind < 83) {
				page.append("<!-- comment ").append(pick(WORDS, random)).append(" -->");
			}
			else if (kind < 86) {
				String tag = pick(REMOVED, random);
				appendStartTag(page, tag, random);
				appendText(page, random);
				if (random.nextInt(4) > 0) {
					page.append("</").append(tag).append('>');
				}
			}
			else if (kind < 90) {
				page.append("<table>");
				for (int row = random.nextInt(3); row >= 0; row--) {
					if (random.nextBoolean()) {
						appendText(page, random);
					}
					page.append(random.nextBoolean() ? "<tr><td>" : "<td>");
					appendText(page, random);
					if (random.nextBoolean()) {
						page.append("</td>");
					}
				}
				if (random.nextBoolean()) {
					page.append("</table>");
				}
			}
			else if (kind < 93) {
				String tag = random.nextBoolean() ? "pre" : "textarea";
				page.append('<').append(tag).append(">\n  ");
				appendText(page, random);
				page.append("\n\t ").append(pick(WORDS, random)).append("  </").append(tag).append('>');
			}
			else if (kind < 95) {
				page.append("<svg><![CDATA[ cdata ").append(pick(WORDS, random)).append(" text]]></svg>");
			}
			else if (kind < 97) {
				page.append(pick(new String[] { "</body>", "</html>", "</body></html>", "<br/>", "</p>", "</br>" },
						random));
			}
			else if (kind < 98 && random.nextInt(10) == 0) {
				page.append(pick(new String[] { "<body hidden>", "<html hidden>", "<body class=\"late\">",
						"<frameset><frame></frameset>", "<html lang=\"en\">" }, random));
			}
			else {
				page.append(pick(new String[] { "<br>", "<hr>", "<img alt=\"x\">", "<input value=\"v\">", "<wbr>",
						"<p>", "<li>", "<dd>", "<option>" }, random));
			}
		}
		while (!open.isEmpty() && random.nextBoolean()) {
			page.append("</").append(open.pop()).append('>');
		}
		return page.toString();
	}

	private static String randomTag(Random random) {
		int group = random.nextInt(100);
		if (group < 30) {
			return pick(BLOCKS, random);
		}
		if (group < 65) {
			return pick(INLINES, random);
		}
		if (group < 78) {
			return pick(TEXT_BOUNDARIES, random);
		}
		if (group < 90) {
			return pick(TABLE_PARTS, random);
		}
		if (group < 93) {
			return pick(REMOVED, random);
		}
		return pick(OTHERS, random);
	}

	private static void appendStartTag(StringBuilder page, String tag, Random random) {
		page.append('<').append(tag);
		if (random.nextInt(20) == 0) {
			page.append(" hidden");
		}
		if (random.nextInt(6) == 0) {
			page.append(" class=\"c").append(random.nextInt(3)).append('"');
		}
		page.append('>');
	}

	private static void appendText(StringBuilder page, Random random) {
		for (int words = 1 + random.nextInt(4); words > 0; words--) {
			page.append(pick(SPACES, random)).append(pick(WORDS, random));
		}
		page.append(pick(SPACES, random));
	}

	private static String pick(String[] values, Random random) {
		return values[random.nextInt(values.length)];
	}

	/**
	 * Returns a body in pieces of random length, as a network connection does.
	 */
	static final class TricklingInputStream extends InputStream {

		private final ByteArrayInputStream bytes;

		private final Random random;

		TricklingInputStream(byte[] body, long seed) {
			this.bytes = new ByteArrayInputStream(body);
			this.random = new Random(seed);
		}

		@Override
		public int read() {
			return this.bytes.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			return this.bytes.read(buffer, offset, Math.min(length, 1 + this.random.nextInt(300)));
		}

	}

}
