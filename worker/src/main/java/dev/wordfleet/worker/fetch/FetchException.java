package dev.wordfleet.worker.fetch;

import java.util.Objects;

import dev.wordfleet.protocol.FailureKind;
import org.jspecify.annotations.Nullable;

/**
 * A failed fetch. {@link #kind()} is the reason to publish in the job-failed message, and the message names what
 * failed and on which URL or value.
 *
 * <p>A fetch stopped by {@link PendingFetch#cancel()} throws the subclass {@link FetchCancelledException}, for which
 * {@link #isCancelled()} returns {@code true}.
 */
public class FetchException extends Exception {

	private static final long serialVersionUID = 1L;

	private final FailureKind kind;

	private final String url;

	/**
	 * Creates an exception.
	 * @param kind kind of failure
	 * @param url URL whose fetch failed: the job URL, or the redirect target that failed
	 * @param message what failed, naming the URL or value
	 * @param cause the underlying error, or {@code null}
	 */
	public FetchException(FailureKind kind, String url, String message, @Nullable Throwable cause) {
		super(Objects.requireNonNull(message, "message is missing"), cause);
		this.kind = Objects.requireNonNull(kind, "kind is missing");
		this.url = Objects.requireNonNull(url, "url is missing");
	}

	/**
	 * Returns the kind of failure, for the job-failed message.
	 * @return the kind of failure
	 */
	public FailureKind kind() {
		return this.kind;
	}

	/**
	 * Returns the URL whose fetch failed, as given or as resolved from a redirect.
	 * @return the URL whose fetch failed
	 */
	public String url() {
		return this.url;
	}

	/**
	 * Returns whether the fetch was stopped by {@link PendingFetch#cancel()} instead of failing on its own.
	 * @return {@code true} for a cancelled fetch
	 */
	public boolean isCancelled() {
		return false;
	}

}
