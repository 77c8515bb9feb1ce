package dev.wordfleet.worker.fetch;

import java.net.URI;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The head of the final response of a fetch, handed to a {@link BodyHandler} with the body.
 *
 * @param url final URL, after redirects
 * @param status HTTP status: below 300, or 304 when the fetch sent {@link Validators} and the page has not changed
 * @param contentType raw {@code Content-Type} header, or {@code null} if the response had none
 * @param validators the response's {@code ETag} and {@code Last-Modified}, or {@code null} if it had neither
 */
public record FetchedResponse(URI url, int status, @Nullable String contentType, @Nullable Validators validators) {

	/** HTTP status of a response to a conditional request whose page has not changed. */
	public static final int NOT_MODIFIED = 304;

	public FetchedResponse {
		Objects.requireNonNull(url, "url is missing");
	}

	/**
	 * Returns whether the page is unchanged since the validators that the request sent; the body is empty then.
	 * @return {@code true} for status 304
	 */
	public boolean notModified() {
		return this.status == NOT_MODIFIED;
	}

}
