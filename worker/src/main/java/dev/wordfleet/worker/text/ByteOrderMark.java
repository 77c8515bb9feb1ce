package dev.wordfleet.worker.text;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A byte order mark at the start of a body, which decides its charset before any declaration.
 * The marks recognized are those of UTF-8, UTF-16BE and UTF-16LE, as in the WHATWG Encoding Standard.
 *
 * @param charset the charset that the mark identifies
 * @param length the length of the mark in bytes
 */
record ByteOrderMark(Charset charset, int length) {

	private static final ByteOrderMark UTF_8 = new ByteOrderMark(StandardCharsets.UTF_8, 3);

	private static final ByteOrderMark UTF_16BE = new ByteOrderMark(StandardCharsets.UTF_16BE, 2);

	private static final ByteOrderMark UTF_16LE = new ByteOrderMark(StandardCharsets.UTF_16LE, 2);

	/**
	 * Detects the byte order mark at the start of the body.
	 * @param body the response body
	 * @return the mark, or {@code null} when the body starts without one
	 */
	static @Nullable ByteOrderMark detect(byte[] body) {
		if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
			return UTF_8;
		}
		if (body.length >= 2 && (body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF) {
			return UTF_16BE;
		}
		if (body.length >= 2 && (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE) {
			return UTF_16LE;
		}
		return null;
	}

	/**
	 * Decodes the body after the mark, replacing malformed input with U+FFFD.
	 * @param body the body that starts with this mark
	 * @return the decoded text without the mark
	 */
	String decode(byte[] body) {
		return new String(body, this.length, body.length - this.length, this.charset);
	}

}
