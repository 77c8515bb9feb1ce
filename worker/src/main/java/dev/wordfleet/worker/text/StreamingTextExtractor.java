package dev.wordfleet.worker.text;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jspecify.annotations.Nullable;

/**
 * Reads the text that {@link PageTextExtractor} reads from a body, while the body arrives, and hands it to a
 * {@link WordFeed}. The result is the same text, with these limits:
 * <ul>
 * <li>The {@code <meta>} that declares an HTML page's charset is looked for in the first {@value #PREFIX_LENGTH}
 * bytes only (the HTML Standard looks at the first 1,024). Those bytes are held and parsed as UTF-8 when neither a
 * byte order mark nor the {@code Content-Type} gives the charset and they contain {@code <meta}.</li>
 * <li>A body without {@code Content-Type} that starts with more than {@value #PREFIX_LENGTH} bytes of white space is
 * read with that white space shortened to its last char.</li>
 * </ul>
 * This class has no state and is thread-safe.
 */
final class StreamingTextExtractor {

	/** The bytes at the start of a body that are held to find its charset and whether it is HTML. */
	static final int PREFIX_LENGTH = 64 * 1024;

	/** The maximum length of a byte order mark in bytes. */
	private static final int BYTE_ORDER_MARK_LENGTH = 3;

	private static final int BUFFER_LENGTH = 8 * 1024;

	private static final byte[] META_TAG = { '<', 'm', 'e', 't', 'a' };

	private StreamingTextExtractor() {
	}

	/**
	 * Rejects a media type that the word policy does not read, before the body is read.
	 * @param header the parsed {@code Content-Type}, or {@code null} when there is none
	 * @throws UnsupportedContentTypeException if the media type is neither HTML nor plain text
	 */
	static void requireSupported(@Nullable ContentTypeHeader header) {
		if (header != null && !isHtml(header) && !isPlainText(header)) {
			throw new UnsupportedContentTypeException(header.mediaType());
		}
	}

	/**
	 * Reads a body to its end and hands its text to the feed.
	 * @param body the body; it is not closed
	 * @param header the parsed {@code Content-Type}, or {@code null} when there is none; its media type must be
	 * supported
	 * @param baseUri the page URL
	 * @param feed receives the text
	 * @param stepObserver called with jsoup's document after each pass over it while HTML is read
	 * @throws IOException the exception that the body threw, unchanged
	 * @throws UnsupportedContentTypeException if a body without {@code Content-Type} is neither HTML nor valid text
	 */
	static void extract(InputStream body, @Nullable ContentTypeHeader header, String baseUri, WordFeed feed,
			Consumer<Document> stepObserver) throws IOException {
		if (header == null) {
			sniffed(body, baseUri, feed, stepObserver);
		}
		else if (isHtml(header)) {
			html(body.readNBytes(PREFIX_LENGTH), body, header.charset(), baseUri, feed, stepObserver);
		}
		else {
			plainText(body, header.charset(), feed);
		}
	}

	private static boolean isHtml(ContentTypeHeader header) {
		return header.mediaType().equals("text/html") || header.mediaType().equals("application/xhtml+xml");
	}

	private static boolean isPlainText(ContentTypeHeader header) {
		return header.mediaType().equals("text/plain");
	}

	/**
	 * Reads a body that came without {@code Content-Type} as HTML, as plain text, or not at all, by its first char
	 * other than HTML white space after any byte order mark.
	 */
	private static void sniffed(InputStream body, String baseUri, WordFeed feed, Consumer<Document> stepObserver)
			throws IOException {
		byte[] head = body.readNBytes(PREFIX_LENGTH);
		ByteOrderMark byteOrderMark = ByteOrderMark.detect(head);
		Charset charset = (byteOrderMark != null) ? byteOrderMark.charset() : StandardCharsets.UTF_8;
		int offset = (byteOrderMark != null) ? byteOrderMark.length() : 0;
		int unit = charset.equals(StandardCharsets.UTF_8) ? 1 : 2;

		// Find the first char that is not white space, keeping only the last white space char of a longer run.
		int first = firstNonWhitespace(head, offset, unit, charset);
		while (first < 0 && head.length == PREFIX_LENGTH) {
			int kept = offset + Math.min(unit, head.length - offset);
			byte[] next = body.readNBytes(PREFIX_LENGTH - kept);
			byte[] joined = Arrays.copyOf(head, kept + next.length);
			System.arraycopy(head, head.length - (kept - offset), joined, offset, kept - offset);
			System.arraycopy(next, 0, joined, kept, next.length);
			head = joined;
			first = firstNonWhitespace(head, offset, unit, charset);
			if (next.length < PREFIX_LENGTH - kept) {
				break;
			}
		}

		if (first >= 0 && charAt(head, first, charset) == '<') {
			html(head, body, null, baseUri, feed, stepObserver);
			return;
		}
		if (!decodeStrictly(replay(head, offset, body), charset, feed)) {
			throw new UnsupportedContentTypeException("", "unsupported content type: the response has no "
					+ "Content-Type, and its body is neither HTML nor valid " + charset.name() + " text");
		}
	}

	/**
	 * Returns the index of the first code unit at or after the offset that is not HTML white space, or -1.
	 */
	private static int firstNonWhitespace(byte[] head, int offset, int unit, Charset charset) {
		for (int i = offset; i < head.length; i += unit) {
			if (i + unit > head.length || !PageTextExtractor.isHtmlWhitespace(charAt(head, i, charset))) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Returns the char of the code unit at the index: the byte itself in UTF-8 (bytes from 0x80 on are never white
	 * space or {@code <}), two bytes in UTF-16, and U+FFFD for a lone last byte of UTF-16.
	 */
	private static char charAt(byte[] head, int i, Charset charset) {
		if (charset.equals(StandardCharsets.UTF_8)) {
			return (char) (head[i] & 0xFF);
		}
		if (i + 1 >= head.length) {
			return '\uFFFD';
		}
		int high = charset.equals(StandardCharsets.UTF_16BE) ? head[i] : head[i + 1];
		int low = charset.equals(StandardCharsets.UTF_16BE) ? head[i + 1] : head[i];
		return (char) (((high & 0xFF) << 8) | (low & 0xFF));
	}

	/**
	 * Reads an HTML body. The charset comes from the byte order mark, the {@code Content-Type}, a {@code <meta>}
	 * in the head bytes, or is UTF-8, as in {@link PageTextExtractor}.
	 * @param head the first bytes of the body, up to {@value #PREFIX_LENGTH}; fewer only when they are the whole body
	 * @param rest the rest of the body
	 */
	private static void html(byte[] head, InputStream rest, @Nullable String declaredCharset, String baseUri,
			WordFeed feed, Consumer<Document> stepObserver) throws IOException {
		StreamingHtmlText text = new StreamingHtmlText(feed, stepObserver);
		ByteOrderMark byteOrderMark = ByteOrderMark.detect(head);
		Charset headerCharset = CharsetLookup.lookup(declaredCharset);
		Charset charset;
		int offset = 0;
		if (byteOrderMark != null) {
			charset = byteOrderMark.charset();
			offset = byteOrderMark.length();
		}
		else if (headerCharset != null) {
			charset = headerCharset;
		}
		else if (containsMetaTag(head)) {
			// Bytes without "<meta" (in any case) have no <meta> element and need no parsing to know that.
			Document document = Jsoup.parse(new String(head, StandardCharsets.UTF_8), baseUri);
			Charset metaCharset = PageTextExtractor.metaCharset(document);
			charset = (metaCharset != null) ? metaCharset : StandardCharsets.UTF_8;
			if (head.length < PREFIX_LENGTH && charset.equals(StandardCharsets.UTF_8)) {
				// The head is the whole body, already parsed in the charset it turned out to have.
				text.read(document);
				return;
			}
		}
		else {
			charset = StandardCharsets.UTF_8;
		}
		Reader reader = new InputStreamReader(replay(head, offset, rest), charset);
		text.read(reader, baseUri);
	}

	private static boolean containsMetaTag(byte[] head) {
		for (int i = 0; i + META_TAG.length <= head.length; i++) {
			int j = 0;
			while (j < META_TAG.length && (j == 0 ? head[i] : (head[i + j] | 0x20)) == META_TAG[j]) {
				j++;
			}
			if (j == META_TAG.length) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Reads a plain text body in the charset of its byte order mark, its {@code Content-Type}, or UTF-8, with
	 * malformed input replaced by U+FFFD.
	 */
	private static void plainText(InputStream body, @Nullable String declaredCharset, WordFeed feed)
			throws IOException {
		byte[] head = body.readNBytes(BYTE_ORDER_MARK_LENGTH);
		ByteOrderMark byteOrderMark = ByteOrderMark.detect(head);
		Charset charset;
		int offset = 0;
		if (byteOrderMark != null) {
			charset = byteOrderMark.charset();
			offset = byteOrderMark.length();
		}
		else {
			Charset headerCharset = CharsetLookup.lookup(declaredCharset);
			charset = (headerCharset != null) ? headerCharset : StandardCharsets.UTF_8;
		}
		Reader reader = new InputStreamReader(replay(head, offset, body), charset);
		char[] buffer = new char[BUFFER_LENGTH];
		for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
			feed.append(buffer, 0, read);
		}
	}

	/**
	 * Decodes a body and hands the text to the feed, stopping at the first malformed input.
	 * @return whether the whole body was valid
	 */
	private static boolean decodeStrictly(InputStream body, Charset charset, WordFeed feed) throws IOException {
		CharsetDecoder decoder = charset.newDecoder();
		ByteBuffer input = ByteBuffer.allocate(BUFFER_LENGTH);
		CharBuffer output = CharBuffer.allocate(BUFFER_LENGTH);
		boolean ended = false;
		while (!ended) {
			int read = body.read(input.array(), input.position(), input.remaining());
			ended = read < 0;
			if (read > 0) {
				input.position(input.position() + read);
			}
			input.flip();
			CoderResult result;
			do {
				result = decoder.decode(input, output, ended);
				if (result.isError()) {
					return false;
				}
				drain(output, feed);
			}
			while (result.isOverflow());
			input.compact();
		}
		while (decoder.flush(output).isOverflow()) {
			drain(output, feed);
		}
		drain(output, feed);
		return true;
	}

	private static void drain(CharBuffer output, WordFeed feed) {
		output.flip();
		feed.append(output.array(), output.position(), output.remaining());
		output.clear();
	}

	/**
	 * Returns the body again: the bytes of the head from the offset on, then the rest, which is not closed.
	 */
	private static InputStream replay(byte[] head, int offset, InputStream rest) {
		InputStream unclosed = new FilterInputStream(rest) {

			@Override
			public void close() {
				// The caller owns the body.
			}

		};
		return new SequenceInputStream(new ByteArrayInputStream(head, offset, head.length - offset), unclosed);
	}

}
