package dev.wordfleet.worker.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The decoded body of a response as a {@link BodyHandler} reads it: it counts the bytes read and fails with
 * {@link TooLargeException} once they pass the fetch's size limit.
 */
public final class BodyStream extends FilterInputStream {

	private static final int DISCARD_BUFFER_SIZE = 8192;

	private final long limit;

	private long bytesRead;

	BodyStream(InputStream body, long limit) {
		super(body);
		this.limit = limit;
	}

	/** Returns an empty body, for a response that has none. */
	static BodyStream empty() {
		return new BodyStream(InputStream.nullInputStream(), 0);
	}

	/**
	 * Returns the number of decoded bytes read so far.
	 * @return the bytes read
	 */
	public long bytesRead() {
		return this.bytesRead;
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		if (b != -1) {
			count(1);
		}
		return b;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int n = super.read(buffer, offset, length);
		if (n > 0) {
			count(n);
		}
		return n;
	}

	/** Skips by reading, so that skipped bytes count against the limit and a cut body is noticed. */
	@Override
	public long skip(long n) throws IOException {
		byte[] discard = new byte[DISCARD_BUFFER_SIZE];
		long skipped = 0;
		while (skipped < n) {
			int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
			if (read == -1) {
				break;
			}
			skipped += read;
		}
		return skipped;
	}

	/** Reads and discards the rest of the body. */
	void skipRest() throws IOException {
		skip(Long.MAX_VALUE);
	}

	/**
	 * Does nothing: the fetch owns the body and closes it with its response, after reading what the handler left.
	 * A handler may pass this stream to code that closes what it reads, such as {@link java.io.SequenceInputStream}.
	 */
	@Override
	public void close() {
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	private void count(int n) throws TooLargeException {
		this.bytesRead += n;
		if (this.bytesRead > this.limit) {
			throw new TooLargeException(this.limit);
		}
	}

	/** Thrown when a body passes the fetch's size limit. */
	static final class TooLargeException extends IOException {

		TooLargeException(long limit) {
			super("body is larger than " + limit + " bytes");
		}

	}

}
