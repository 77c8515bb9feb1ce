package dev.wordfleet.worker.fetch;

import java.util.Objects;

import dev.wordfleet.protocol.FailureKind;
import org.jspecify.annotations.Nullable;

/**
 * A failed fetch. {@link #kind()} is the reason to publish in the job-failed message, and the message names what
 * failed and on which URL or value. A failure caused by a response also carries its HTTP {@link #status()} and its
 * {@code Retry-After} header, which {@link RetryPolicy} reads.
 *
 * <p>A fetch stopped by {@link PendingFetch#cancel()} throws the subclass {@link FetchCancelledException}, for which
 * {@link #isCancelled()} returns {@code true}.
 */
public class FetchException extends Exception {

	private static final long serialVersionUID = 1L;

	/** Value of {@link #status()} for a failure that no response caused. */
	public static final int NO_STATUS = 0;

	private final FailureKind kind;

	private final String url;

	private final int status;

	private final @Nullable String retryAfter;

	/**
	 * Creates an exception for a failure without a response, such as a refused connection.
	 * @param kind kind of failure
	 * @param url URL whose fetch failed: the job URL, or the redirect target that failed
	 * @param message what failed, naming the URL or value
	 * @param cause the underlying error, or {@code null}
	 */
	public FetchException(FailureKind kind, String url, String message, @Nullable Throwable cause) {
		this(kind, url, message, cause, NO_STATUS, null);
	}

	/**
	 * Creates an exception for a failure caused by a response, such as a 503 status.
	 * @param kind kind of failure
	 * @param url URL whose fetch failed: the job URL, or the redirect target that failed
	 * @param message what failed, naming the URL or value
	 * @param cause the underlying error, or {@code null}
	 * @param status HTTP status of the response, from 100 to 999, or {@link #NO_STATUS}
	 * @param retryAfter raw value of the response's {@code Retry-After} header, or {@code null} if it had none
	 */
	public FetchException(FailureKind kind, String url, String message, @Nullable Throwable cause, int status,
			@Nullable String retryAfter) {
		super(Objects.requireNonNull(message, "message is missing"), cause);
		if (status != NO_STATUS && (status < 100 || status > 999)) {
			throw new IllegalArgumentException("status must be from 100 to 999 or NO_STATUS (0), but was " + status);
		}
		this.kind = Objects.requireNonNull(kind, "kind is missing");
		this.url = Objects.requireNonNull(url, "url is missing");
		this.status = status;
		this.retryAfter = retryAfter;
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
	 * Returns the HTTP status of the response that failed the fetch.
	 * @return the status, or {@link #NO_STATUS} when no response caused the failure
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Returns the {@code Retry-After} header of the response that failed the fetch, as the server sent it.
	 * @return the raw header value, or {@code null} when there was no response or it had no such header
	 */
	public @Nullable String retryAfter() {
		return this.retryAfter;
	}

	/**
	 * Returns whether the fetch was stopped by {@link PendingFetch#cancel()} instead of failing on its own.
	 * @return {@code true} for a cancelled fetch
	 */
	public boolean isCancelled() {
		return false;
	}

}
