package dev.wordfleet.worker.fetch;

/**
 * A fetch that {@link PageFetcher#prepare(String)} created and that has not necessarily been sent yet.
 *
 * <p>One thread calls {@link #execute()} once, and any thread may call {@link #cancel()} at any time.
 */
public interface PendingFetch {

	/**
	 * Fetches the page, following redirects, and blocks until the body is read or the fetch fails.
	 * @return the final response's URL, status, content type and body
	 * @throws FetchCancelledException if {@link #cancel()} was called before or during the fetch, the
	 * {@link PageFetcher} was closed, or the calling thread was interrupted. {@link FetchException#isCancelled()}
	 * returns {@code true} for it, and the thread's interrupt status stays set. An interrupt aborts a blocked socket
	 * read at once only on a virtual thread, because platform threads notice it only between reads.
	 * @throws FetchException if the URL is invalid or blocked, the server responds with a status of 300 or more that
	 * is not a followed redirect, the body is too large, or the fetch times out or loses its connection
	 * @throws IllegalStateException if this fetch was already executed
	 */
	FetchedPage execute() throws FetchException;

	/**
	 * Fetches the page, following redirects, and hands the final response's body to a handler while it arrives, so
	 * that the body is never held whole. The handler runs on the calling thread, inside the fetch's total timeout.
	 * @param handler reads the body
	 * @param <T> the handler's result
	 * @return the handler's result
	 * @throws FetchException as {@link #execute()} does, also when the body turns out too large or cut short while
	 * the handler reads it
	 * @throws IllegalStateException if this fetch was already executed
	 */
	<T> T execute(BodyHandler<T> handler) throws FetchException;

	/**
	 * Aborts the fetch from any thread. A fetch in flight has its socket closed at once (on HTTP/2, its stream is
	 * reset), and {@link #execute()} throws {@link FetchCancelledException} without waiting for the server. Calling
	 * it before {@link #execute()} makes {@code execute()} fail at once without sending anything. Calling it again,
	 * or after the fetch finished, does nothing.
	 *
	 * <p>NOTE: a cancel, like the total timeout, cannot interrupt a DNS lookup in progress, because the system
	 * resolver does not respond to it. {@code execute()} then throws when the lookup returns.
	 */
	void cancel();

	/**
	 * Returns whether {@link #cancel()} was called.
	 * @return {@code true} after {@link #cancel()}
	 */
	boolean isCancelled();

}
