package dev.wordfleet.worker.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;
import org.jspecify.annotations.Nullable;

/**
 * Reads the text of a response body that the word policy counts.
 * <ul>
 * <li>HTML ({@code text/html}, {@code application/xhtml+xml}) is parsed with jsoup's HTML parser. Every
 * {@code script}, {@code style}, {@code noscript} and {@code template} element and every element with a
 * {@code hidden} attribute is removed, and the text is that of {@code <body>} as {@link Element#text()} renders it:
 * block elements separate words, inline elements do not, and white space collapses. Nothing in {@code <head>} is read,
 * {@code <title>} included.</li>
 * <li>Plain text ({@code text/plain}) is the whole body.</li>
 * <li>Without a {@code Content-Type}, a body whose first character other than HTML white space (after any byte order
 * mark) is {@code <} is read as HTML. Any other body that decodes without error, as UTF-8 or in the charset of its
 * byte order mark, is read as plain text.</li>
 * <li>Any other media type is rejected with {@link UnsupportedContentTypeException}.</li>
 * </ul>
 * The charset is chosen in this order: a byte order mark (UTF-8, UTF-16BE, UTF-16LE); a valid and supported
 * {@code charset} parameter of the {@code Content-Type}; for HTML, the first {@code <meta charset>} or
 * {@code <meta http-equiv="Content-Type">} that names a valid and supported charset; and UTF-8. An invalid or unknown
 * charset name is skipped, never an error. Malformed input in the chosen charset becomes U+FFFD, except in a body
 * without {@code Content-Type} that is not HTML, which is rejected instead.
 * <p>
 * This class has no state and is thread-safe.
 */
public final class PageTextExtractor {

	/** The names of the elements whose text is not read, besides every element with a {@code hidden} attribute. */
	private static final Set<String> REMOVED_NAMES = Set.of("script", "style", "noscript", "template");

	private PageTextExtractor() {
	}

	/**
	 * Extracts the text of a response body that the word policy counts.
	 * @param body the response body
	 * @param contentType the raw {@code Content-Type} header value, or {@code null} when the header is absent; a value
	 * without a media type (blank, or only parameters) counts as absent
	 * @param baseUri the page URL, which jsoup uses to resolve relative links
	 * @return the text, possibly empty
	 * @throws UnsupportedContentTypeException if the media type is not HTML or plain text, or if a body without
	 * {@code Content-Type} is neither HTML nor valid text in its charset
	 */
	public static String extractText(byte[] body, @Nullable String contentType, String baseUri) {
		Objects.requireNonNull(body, "body must not be null");
		Objects.requireNonNull(baseUri, "baseUri must not be null");
		ContentTypeHeader header = ContentTypeHeader.parse(contentType);
		if (header == null) {
			return sniffedText(body, baseUri);
		}
		return switch (header.mediaType()) {
			case "text/html", "application/xhtml+xml" -> htmlText(body, header.charset(), baseUri);
			case "text/plain" -> plainText(body, header.charset());
			default -> throw new UnsupportedContentTypeException(header.mediaType());
		};
	}

	/**
	 * Reads a body that came without {@code Content-Type} as HTML, as plain text, or not at all.
	 */
	private static String sniffedText(byte[] body, String baseUri) {
		ByteOrderMark byteOrderMark = ByteOrderMark.detect(body);
		Charset charset = (byteOrderMark != null) ? byteOrderMark.charset() : StandardCharsets.UTF_8;
		int offset = (byteOrderMark != null) ? byteOrderMark.length() : 0;

		if (startsWithTag(body, offset, charset)) {
			return htmlText(body, null, baseUri);
		}
		String text = decodeStrictly(body, offset, charset);
		if (text == null) {
			throw new UnsupportedContentTypeException("", "unsupported content type: the response has no "
					+ "Content-Type, and its body is neither HTML nor valid " + charset.name() + " text");
		}
		return text;
	}

	/**
	 * Tells whether the first character of the body after the byte order mark, skipping HTML white space, is
	 * {@code <}. Malformed bytes further on do not matter, because such a body is still read as HTML.
	 */
	private static boolean startsWithTag(byte[] body, int offset, Charset charset) {
		if (!charset.equals(StandardCharsets.UTF_8)) {
			return startsWithTag(new String(body, offset, body.length - offset, charset));
		}
		for (int i = offset; i < body.length; i++) {
			char c = (char) (body[i] & 0xFF);
			if (!isHtmlWhitespace(c)) {
				return c == '<';
			}
		}
		return false;
	}

	private static boolean startsWithTag(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!isHtmlWhitespace(c)) {
				return c == '<';
			}
		}
		return false;
	}

	/** HTML white space: space, tab, line feed, form feed and carriage return. */
	static boolean isHtmlWhitespace(char c) {
		return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
	}

	private static @Nullable String decodeStrictly(byte[] body, int offset, Charset charset) {
		try {
			return charset.newDecoder().decode(ByteBuffer.wrap(body, offset, body.length - offset)).toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private static String plainText(byte[] body, @Nullable String declaredCharset) {
		ByteOrderMark byteOrderMark = ByteOrderMark.detect(body);
		if (byteOrderMark != null) {
			return byteOrderMark.decode(body);
		}
		Charset charset = CharsetLookup.lookup(declaredCharset);
		return new String(body, (charset != null) ? charset : StandardCharsets.UTF_8);
	}

	private static String htmlText(byte[] body, @Nullable String declaredCharset, String baseUri) {
		Document document = parseHtml(body, declaredCharset, baseUri);
		NodeTraversor.filter(PageTextExtractor::removeUnread, document);
		return document.body().text();
	}

	/**
	 * Tells whether the text of an element is not read: a {@code script}, {@code style}, {@code noscript} or
	 * {@code template} element, or one with a {@code hidden} attribute. Its whole subtree is left out.
	 */
	static boolean isRemoved(Element element) {
		return REMOVED_NAMES.contains(element.normalName()) || element.hasAttr("hidden");
	}

	/**
	 * Tells the filter to remove each element whose text is not read, and to skip other nodes, which have no children.
	 */
	private static NodeFilter.FilterResult removeUnread(Node node, int depth) {
		if (!(node instanceof Element element)) {
			return NodeFilter.FilterResult.SKIP_ENTIRELY;
		}
		return isRemoved(element) ? NodeFilter.FilterResult.REMOVE : NodeFilter.FilterResult.CONTINUE;
	}

	/**
	 * Decodes and parses an HTML body. The charset is decided here rather than by jsoup's stream parser, because
	 * jsoup 1.24.1 also takes the encoding of an XML declaration, throws on an unsupported charset argument, and
	 * decodes a page whose {@code <meta>} declares UTF-16 as UTF-16.
	 */
	private static Document parseHtml(byte[] body, @Nullable String declaredCharset, String baseUri) {
		// A byte order mark wins over every declaration.
		ByteOrderMark byteOrderMark = ByteOrderMark.detect(body);
		if (byteOrderMark != null) {
			return Jsoup.parse(byteOrderMark.decode(body), baseUri);
		}

		// Then a valid charset parameter of the Content-Type.
		Charset headerCharset = CharsetLookup.lookup(declaredCharset);
		if (headerCharset != null) {
			return Jsoup.parse(new String(body, headerCharset), baseUri);
		}

		// Then a <meta> declaration, found in the document read as UTF-8, which is also the default.
		Document document = Jsoup.parse(new String(body, StandardCharsets.UTF_8), baseUri);
		Charset metaCharset = metaCharset(document);
		if (metaCharset != null && !metaCharset.equals(StandardCharsets.UTF_8)) {
			document = Jsoup.parse(new String(body, metaCharset), baseUri);
		}
		return document;
	}

	/**
	 * Finds the charset of the first {@code <meta>} element that declares a valid and supported one.
	 * @return the charset, or {@code null} when no element declares one
	 */
	static @Nullable Charset metaCharset(Document document) {
		for (Element meta : document.getElementsByTag("meta")) {
			Charset charset = CharsetLookup.lookup(meta.attr("charset"));
			if (charset == null && meta.attr("http-equiv").strip().equalsIgnoreCase("content-type")) {
				charset = CharsetLookup.lookup(ContentTypeHeader.charsetParameter(meta.attr("content")));
			}
			if (charset != null) {
				return CharsetLookup.isWideUnicode(charset) ? StandardCharsets.UTF_8 : charset;
			}
		}
		return null;
	}

}
