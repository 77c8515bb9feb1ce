package dev.wordfleet.worker.fetch;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import java.util.zip.Inflater;

import okhttp3.CompressionInterceptor;
import okio.Buffer;
import okio.BufferedSource;
import okio.GzipSource;
import okio.InflaterSource;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one content coding for OkHttp's {@link CompressionInterceptor}. Decoding is streamed, so the caller's byte
 * limit applies to the decoded bytes as they are produced.
 *
 * <p>Both codings accept an empty body as an empty result, as browsers do, where OkHttp 5.5.1's own gzip decoder
 * fails with an {@link java.io.EOFException}. For {@code deflate}, RFC 9110 defines a zlib stream (RFC 1950), but
 * some servers send raw deflate data (RFC 1951) under that name. Browsers accept both, so the first two bytes decide:
 * a valid zlib header selects zlib, anything else raw deflate.
 */
final class ContentDecoder implements CompressionInterceptor.DecompressionAlgorithm {

	/** Decoder of {@code Content-Encoding: gzip}. */
	static final ContentDecoder GZIP = new ContentDecoder("gzip", GzipSource::new);

	/** Decoder of {@code Content-Encoding: deflate}, zlib-wrapped or raw. */
	static final ContentDecoder DEFLATE = new ContentDecoder("deflate", ContentDecoder::inflate);

	private final String encoding;

	private final Function<BufferedSource, Source> decoder;

	private ContentDecoder(String encoding, Function<BufferedSource, Source> decoder) {
		this.encoding = encoding;
		this.decoder = decoder;
	}

	@Override
	public String getEncoding() {
		return this.encoding;
	}

	@Override
	public Source decompress(BufferedSource compressedSource) {
		return new LazySource(compressedSource, this.decoder);
	}

	/**
	 * Returns whether two bytes form a zlib header: compression method 8 (deflate), a window of at most 32 KiB, and
	 * a check value that makes the pair a multiple of 31.
	 */
	static boolean isZlibHeader(byte first, byte second) {
		int cmf = first & 0xff;
		int flg = second & 0xff;
		return (cmf & 0x0f) == 8 && (cmf >>> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
	}

	/** Inflates zlib or raw deflate data, chosen by the first two bytes. The source must not be exhausted. */
	private static Source inflate(BufferedSource compressed) {
		try {
			Buffer peeked = compressed.getBuffer();
			boolean zlib = compressed.request(2) && isZlibHeader(peeked.getByte(0), peeked.getByte(1));
			return new InflaterSource(compressed, new Inflater(!zlib));
		}
		catch (IOException ex) {
			return new FailedSource(ex);
		}
	}

	/**
	 * Creates the decoder at the first read, so that nothing blocks before the body is read, and returns an empty
	 * result for an empty body.
	 */
	private static final class LazySource implements Source {

		private final BufferedSource compressed;

		private final Function<BufferedSource, Source> decoder;

		private @Nullable Source decoded;

		LazySource(BufferedSource compressed, Function<BufferedSource, Source> decoder) {
			this.compressed = compressed;
			this.decoder = decoder;
		}

		@Override
		public long read(Buffer sink, long byteCount) throws IOException {
			Source source = this.decoded;
			if (source == null) {
				if (this.compressed.exhausted()) {
					return -1;
				}
				source = Objects.requireNonNull(this.decoder.apply(this.compressed));
				this.decoded = source;
			}
			return source.read(sink, byteCount);
		}

		@Override
		public Timeout timeout() {
			return this.compressed.timeout();
		}

		@Override
		public void close() throws IOException {
			// Closing the decoder also closes the compressed source, and an InflaterSource ends its Inflater, which
			// frees native memory.
			Source source = this.decoded;
			if (source != null) {
				source.close();
			}
			else {
				this.compressed.close();
			}
		}

	}

	/** A source whose every read throws the failure that occurred while the decoder was created. */
	private record FailedSource(IOException failure) implements Source {

		@Override
		public long read(Buffer sink, long byteCount) throws IOException {
			throw this.failure;
		}

		@Override
		public Timeout timeout() {
			return Timeout.NONE;
		}

		@Override
		public void close() {
		}

	}

}
