package dev.wordfleet.worker.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.jsoup.nodes.Document;
import org.jspecify.annotations.Nullable;

/**
 * Counts the words of pages: reads the text that the word policy counts (see {@link PageTextExtractor}) while the
 * body streams in, and splits it with a {@link WordSplitter} in chunks.
 * <p>
 * The memory that a count takes is bounded by its buffers and the page's distinct words, not by the size of the
 * page: the first 64 KiB of the body, jsoup's tree of the part of an HTML page whose text is not final yet, and the
 * text since the last ASCII white space. Parts of a page that are held until they end are the content of a table,
 * of a text boundary element such as {@code button} or {@code object}, of a removed element inside an unclosed
 * formatting element, of an open element inside an unclosed formatting element such as {@code <b>} or
 * {@code <font>}, and a run of text without ASCII white space. A body of up to {@value #WHOLE_BODY_LIMIT} bytes that
 * is in memory already may be parsed whole instead, as {@link #count(byte[], String, String)} describes.
 * <p>
 * Instances are thread-safe. Each call borrows a splitter from a pool and returns it when done, so the pool contains
 * as many splitters as calls have run at the same time. A pool fits virtual threads, which a {@link ThreadLocal}
 * would not: every virtual thread would build its own splitter.
 */
public final class PageCounter {

	/**
	 * The maximum size in bytes of a body in memory that may be parsed whole. jsoup's tree and the text of such a
	 * page take a few MiB while it is counted: 1.1 MiB for a page of 215 KiB of the development corpus, and 5.8 MiB
	 * for 256 KiB of nothing but {@code <i>a</i>}.
	 */
	static final int WHOLE_BODY_LIMIT = 256 * 1024;

	private final Queue<WordSplitter> idleSplitters = new ConcurrentLinkedQueue<>();

	/**
	 * Counts the words of a response body while reading it to its end. The body is never held whole; see the class
	 * description for what is held. The stream is not closed.
	 * <p>
	 * The counts equal those of {@link #countText(String)} on
	 * {@link PageTextExtractor#extractText(byte[], String, String)} of the whole body, except that a
	 * {@code <meta>} charset declaration is looked for in the first 64 KiB of an HTML body only.
	 * @param body the response body
	 * @param contentType the raw {@code Content-Type} header value, or {@code null} when the header is absent; a value
	 * without a media type (blank, or only parameters) counts as absent
	 * @param baseUri the page URL
	 * @return the counts of the page
	 * @throws IOException the exception that the body threw, unchanged, when reading it failed; no words are returned
	 * @throws UnsupportedContentTypeException before the body is read, if the media type is not HTML or plain text;
	 * or, for a body without {@code Content-Type} that is not HTML, when its first malformed bytes in UTF-8 (or the
	 * charset of its byte order mark) are read
	 */
	public PageWords count(InputStream body, @Nullable String contentType, String baseUri) throws IOException {
		return count(body, contentType, baseUri, (document) -> {
		});
	}

	/**
	 * Counts the words of a response body, calling the observer with jsoup's document of an HTML body each time the
	 * nodes whose text is final have been taken out of it, so tests can measure how much of the page it holds.
	 */
	PageWords count(InputStream body, @Nullable String contentType, String baseUri, Consumer<Document> stepObserver)
			throws IOException {
		Objects.requireNonNull(body, "body must not be null");
		Objects.requireNonNull(baseUri, "baseUri must not be null");
		ContentTypeHeader header = ContentTypeHeader.parse(contentType);
		StreamingTextExtractor.requireSupported(header);
		WordSplitter splitter = borrowSplitter();
		try {
			WordTally tally = new WordTally();
			WordFeed feed = new WordFeed(splitter, tally);
			StreamingTextExtractor.extract(body, header, baseUri, feed, stepObserver);
			feed.finish();
			return tally.toPageWords();
		}
		finally {
			this.idleSplitters.offer(splitter);
		}
	}

	/**
	 * Counts the words of a response body that is already in memory. Parsing the body whole and taking its text at
	 * once is faster than taking it node by node, and is done in two cases: when the body is shorter than
	 * {@value StreamingTextExtractor#PREFIX_LENGTH} bytes, and when it is at most {@value #WHOLE_BODY_LIMIT} bytes and
	 * its charset comes from a byte order mark or the {@code Content-Type}. Any other body is counted as
	 * {@link #count(InputStream, String, String)} counts it. The counts are the same either way, because that method
	 * looks for a {@code <meta>} charset in the first {@value StreamingTextExtractor#PREFIX_LENGTH} bytes only, and
	 * neither case reads a {@code <meta>} charset beyond them.
	 * @param body the response body
	 * @param contentType the raw {@code Content-Type} header value, or {@code null} when the header is absent
	 * @param baseUri the page URL
	 * @return the counts of the page
	 * @throws UnsupportedContentTypeException if the body is not text that the word policy reads
	 * @see #count(InputStream, String, String)
	 */
	public PageWords count(byte[] body, @Nullable String contentType, String baseUri) {
		Objects.requireNonNull(body, "body must not be null");
		if (body.length < StreamingTextExtractor.PREFIX_LENGTH
				|| (body.length <= WHOLE_BODY_LIMIT && hasDeclaredCharset(body, contentType))) {
			return countText(PageTextExtractor.extractText(body, contentType, baseUri));
		}
		try {
			return count(new ByteArrayInputStream(body), contentType, baseUri);
		}
		catch (IOException ex) {
			throw new IllegalStateException("reading a byte array cannot fail", ex);
		}
	}

	/**
	 * Counts the words of a response body that is in memory in several chunks, read in order as one stream, so that
	 * they need not be copied into one array. One chunk is counted as {@link #count(byte[], String, String)} counts
	 * it, and several as {@link #count(InputStream, String, String)} counts them. The counts are the same either way.
	 * @param chunks the response body in order, at least one chunk
	 * @param contentType the raw {@code Content-Type} header value, or {@code null} when the header is absent
	 * @param baseUri the page URL
	 * @return the counts of the page
	 * @throws UnsupportedContentTypeException if the body is not text that the word policy reads
	 */
	public PageWords count(List<byte[]> chunks, @Nullable String contentType, String baseUri) {
		if (chunks.isEmpty()) {
			throw new IllegalArgumentException("chunks must contain at least one chunk, but was empty");
		}
		if (chunks.size() == 1) {
			return count(chunks.getFirst(), contentType, baseUri);
		}
		List<InputStream> streams = chunks.stream().<InputStream>map(ByteArrayInputStream::new).toList();
		try {
			return count(new SequenceInputStream(Collections.enumeration(streams)), contentType, baseUri);
		}
		catch (IOException ex) {
			throw new IllegalStateException("reading byte arrays cannot fail", ex);
		}
	}

	/**
	 * Counts the words of text that is already extracted.
	 * @param text the text
	 * @return the counts of the text
	 */
	public PageWords countText(String text) {
		Objects.requireNonNull(text, "text must not be null");
		WordSplitter splitter = borrowSplitter();
		try {
			WordTally tally = new WordTally();
			splitter.split(text, tally);
			return tally.toPageWords();
		}
		finally {
			this.idleSplitters.offer(splitter);
		}
	}

	/**
	 * Tells whether the charset of a body comes from its byte order mark or from a valid charset parameter of its
	 * {@code Content-Type}, so that no {@code <meta>} element decides it.
	 */
	private static boolean hasDeclaredCharset(byte[] body, @Nullable String contentType) {
		if (ByteOrderMark.detect(body) != null) {
			return true;
		}
		ContentTypeHeader header = ContentTypeHeader.parse(contentType);
		return header != null && CharsetLookup.lookup(header.charset()) != null;
	}

	private WordSplitter borrowSplitter() {
		WordSplitter splitter = this.idleSplitters.poll();
		return (splitter != null) ? splitter : new WordSplitter();
	}

}
