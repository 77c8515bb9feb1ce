package dev.wordfleet.worker.fetch;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A fetched response body.
 *
 * <p>The body array is not copied, so callers must not change it. {@link #equals} and {@link #hashCode} compare
 * body contents, and {@link #toString} shows only the body length.
 *
 * @param url final URL, after redirects
 * @param status HTTP status of the final response, below 300
 * @param contentType raw {@code Content-Type} header of the final response, or {@code null} if it had none
 * @param body decoded body, at most {@link FetchSettings#maxBodySize()} bytes, or at most the limit of
 * {@link PageFetcher#preparePrefix}
 * @param truncated whether the body was cut at the limit of {@link PageFetcher#preparePrefix}; always {@code false}
 * for {@link PageFetcher#prepare}, which fails on a body above its limit
 */
public record FetchedPage(URI url, int status, @Nullable String contentType, byte[] body, boolean truncated) {

	public FetchedPage {
		Objects.requireNonNull(url, "url is missing");
		Objects.requireNonNull(body, "body is missing");
	}

	/**
	 * Creates a page whose body is complete.
	 * @param url final URL, after redirects
	 * @param status HTTP status of the final response
	 * @param contentType raw {@code Content-Type} header, or {@code null}
	 * @param body decoded body
	 */
	public FetchedPage(URI url, int status, @Nullable String contentType, byte[] body) {
		this(url, status, contentType, body, false);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof FetchedPage page && this.status == page.status
				&& this.truncated == page.truncated && this.url.equals(page.url)
				&& Objects.equals(this.contentType, page.contentType) && Arrays.equals(this.body, page.body));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.url, this.status, this.contentType, Arrays.hashCode(this.body), this.truncated);
	}

	@Override
	public String toString() {
		return "FetchedPage[url=" + this.url + ", status=" + this.status + ", contentType=" + this.contentType
				+ ", body=" + this.body.length + " bytes" + (this.truncated ? ", truncated" : "") + "]";
	}

}
