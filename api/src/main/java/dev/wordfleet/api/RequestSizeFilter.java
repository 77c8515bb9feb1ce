package dev.wordfleet.api;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects a request whose body is larger than {@code wordfleet.api.max-body-size} with 413 and a problem document
 * that names the limit and the property. A request that declares its length is judged by its {@code Content-Length}
 * before anything is read. A request without one, sent in chunks, is read into memory up to one byte past the limit,
 * and the controller then reads that copy.
 */
public class RequestSizeFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(RequestSizeFilter.class);

	private final DataSize maxBodySize;

	private final ProblemResponses problems;

	RequestSizeFilter(DataSize maxBodySize, ProblemResponses problems) {
		this.maxBodySize = maxBodySize;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = this.maxBodySize.toBytes();
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			reject(request, response, declared + " bytes");
			return;
		}
		if (declared >= 0 || request.getHeader("Transfer-Encoding") == null) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
		if (body.length > limit) {
			reject(request, response, "more than " + limit + " bytes");
			return;
		}
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, String size) throws IOException {
		logger.info("Rejected {} {} from {}: body of {} is larger than {}", request.getMethod(),
				request.getRequestURI(), request.getRemoteAddr(), size, this.maxBodySize);
		String detail = "the request body of " + size + " is larger than the limit of " + this.maxBodySize.toBytes()
				+ " bytes; split the batch, or raise " + ApiProperties.MAX_BODY_SIZE_PROPERTY + " (default 10MB)";
		this.problems.send(request, response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large", detail,
				Map.of("limit", this.maxBodySize.toBytes(), "property", ApiProperties.MAX_BODY_SIZE_PROPERTY));
	}

	/** A request whose body was read ahead into memory. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			return new BufferedBodyStream(new ByteArrayInputStream(this.body));
		}

		@Override
		public BufferedReader getReader() throws UnsupportedEncodingException {
			String encoding = (getCharacterEncoding() != null) ? getCharacterEncoding() : "ISO-8859-1";
			return new BufferedReader(new InputStreamReader(getInputStream(), encoding));
		}

	}

	private static final class BufferedBodyStream extends ServletInputStream {

		private final ByteArrayInputStream body;

		BufferedBodyStream(ByteArrayInputStream body) {
			this.body = body;
		}

		@Override
		public int read() {
			return this.body.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			return this.body.read(buffer, offset, length);
		}

		@Override
		public boolean isFinished() {
			return this.body.available() == 0;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException("the buffered body is read synchronously");
		}

	}

}
