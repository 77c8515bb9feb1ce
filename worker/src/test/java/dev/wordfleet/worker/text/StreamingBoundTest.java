package dev.wordfleet.worker.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Node;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts a generated page of tens of megabytes, made while it is read, and checks that jsoup's tree never contains
 * more than a small number of nodes while the counts stay exact.
 */
class StreamingBoundTest {

	private static final int PARAGRAPHS = 200_000;

	private static final int DISTINCT_WORDS = 1_000;

	/** Every this many paragraphs comes a section nested this deep. */
	private static final int DEEP_EVERY = 20_000;

	private static final int DEPTH = 300;

	/** Every this many paragraphs comes a small table. */
	private static final int TABLE_EVERY = 1_000;

	/**
	 * The maximum number of nodes in the tree: the open path, which is {@value #DEPTH} nested elements deep in the
	 * nested sections, and the few nodes parsed since the last pass. The whole page has over two million.
	 */
	private static final int MAX_NODES = DEPTH + 100;

	@Test
	void largePageIsCountedExactlyWithBoundedTree() throws IOException {
		GeneratedPage page = new GeneratedPage();
		NodeCounter nodes = new NodeCounter();

		PageWords words = new PageCounter().count(page, "text/html", "http://127.0.0.1/large.html", nodes);

		assertThat(page.bytes).isGreaterThan(15_000_000L);
		assertThat(words).isEqualTo(expectedWords());
		assertThat(nodes.steps).isGreaterThan(PARAGRAPHS / 10);
		assertThat(nodes.max).isBetween(DEPTH, MAX_NODES);
	}

	private static PageWords expectedWords() {
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < DISTINCT_WORDS; i++) {
			counts.put("w" + i, PARAGRAPHS / DISTINCT_WORDS);
		}
		counts.put("common", PARAGRAPHS);
		counts.put("bold", PARAGRAPHS);
		counts.put("italic", PARAGRAPHS);
		counts.put("text", PARAGRAPHS);
		counts.put("link", PARAGRAPHS);
		counts.put("deep", PARAGRAPHS / DEEP_EVERY);
		counts.put("cell", 2 * PARAGRAPHS / TABLE_EVERY);
		long total = counts.values().stream().mapToLong(Integer::longValue).sum();
		return new PageWords(counts, total);
	}

	/**
	 * Records the largest number of nodes in the document after a pass.
	 */
	private static final class NodeCounter implements java.util.function.Consumer<Document> {

		private int max;

		private int steps;

		@Override
		public void accept(Document document) {
			this.steps++;
			int count = count(document);
			if (count > MAX_NODES) {
				// Fail at once: a tree that grows with the page also makes each pass slower.
				throw new AssertionError("the tree contains " + count + " nodes after pass " + this.steps);
			}
			this.max = Math.max(this.max, count);
		}

		private static int count(Node node) {
			int count = 1;
			for (Node child = node.firstChild(); child != null; child = child.nextSibling()) {
				count += count(child);
			}
			return count;
		}

	}

	/**
	 * Writes the page while it is read: paragraphs of words, each with inline elements, a nested section every
	 * {@value #DEEP_EVERY} paragraphs and a table every {@value #TABLE_EVERY}.
	 */
	private static final class GeneratedPage extends InputStream {

		private byte[] piece = ("<!DOCTYPE html><html><head><title>large page</title></head><body>\n")
			.getBytes(StandardCharsets.US_ASCII);

		private int position;

		private int paragraph;

		private long bytes;

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.position == this.piece.length && !nextPiece()) {
				return -1;
			}
			int read = Math.min(length, this.piece.length - this.position);
			System.arraycopy(this.piece, this.position, buffer, offset, read);
			this.position += read;
			this.bytes += read;
			return read;
		}

		private boolean nextPiece() {
			if (this.paragraph > PARAGRAPHS) {
				return false;
			}
			StringBuilder html = new StringBuilder();
			if (this.paragraph == PARAGRAPHS) {
				html.append("</body></html>\n");
			}
			else {
				int i = this.paragraph;
				html.append("<p class=\"para\">w").append(i % DISTINCT_WORDS).append(" common <b>bold</b>, <i>italic</i>")
					.append(" text <a href=\"/page/").append(i).append("\">link</a>.</p>\n");
				if (i % DEEP_EVERY == 0) {
					html.append("<div>".repeat(DEPTH)).append("deep").append("</div>".repeat(DEPTH)).append('\n');
				}
				if (i % TABLE_EVERY == 0) {
					html.append("<table><tr><td>cell</td><td>cell</td></tr></table>\n");
				}
			}
			this.paragraph++;
			this.piece = html.toString().getBytes(StandardCharsets.US_ASCII);
			this.position = 0;
			return true;
		}

	}

}
