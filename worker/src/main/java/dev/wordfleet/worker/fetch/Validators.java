package dev.wordfleet.worker.fetch;

import org.jspecify.annotations.Nullable;

/**
 * The values with which a page fetched before is revalidated: its {@code ETag} and {@code Last-Modified} headers.
 * A conditional request sends them as {@code If-None-Match} and {@code If-Modified-Since}.
 *
 * @param etag the {@code ETag} header, or {@code null}
 * @param lastModified the {@code Last-Modified} header, or {@code null}
 */
public record Validators(@Nullable String etag, @Nullable String lastModified) {

	public Validators {
		if (etag == null && lastModified == null) {
			throw new IllegalArgumentException("validators need an ETag or a Last-Modified value, but both were missing");
		}
	}

	/**
	 * Returns the validators of a response, or {@code null} if it had neither header.
	 * @param etag the {@code ETag} header, or {@code null}
	 * @param lastModified the {@code Last-Modified} header, or {@code null}
	 * @return the validators, or {@code null}
	 */
	public static @Nullable Validators of(@Nullable String etag, @Nullable String lastModified) {
		String cleanEtag = (etag == null || etag.isBlank()) ? null : etag;
		String cleanLastModified = (lastModified == null || lastModified.isBlank()) ? null : lastModified;
		return (cleanEtag == null && cleanLastModified == null) ? null : new Validators(cleanEtag, cleanLastModified);
	}

}
