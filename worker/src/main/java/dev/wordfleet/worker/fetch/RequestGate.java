package dev.wordfleet.worker.fetch;

import okhttp3.HttpUrl;

/**
 * Decides when each request of a fetch may be sent: before the first request and before every redirect hop, the
 * fetcher enters the gate with the hop's URL and holds the returned permit until that hop's response is read.
 *
 * <p>A gate may wait, for a host's slot or delay for example, and the time it waits does not count against the fetch's
 * total timeout. It may also refuse a URL by throwing a {@link FetchException}, which fails the fetch.
 */
@FunctionalInterface
public interface RequestGate {

	/** A gate that lets every request through at once. */
	RequestGate OPEN = (url) -> Permit.NONE;

	/**
	 * Waits until a request to the URL may be sent.
	 * @param url the URL of the request, after the fetch guard's checks of scheme and port
	 * @return the permit, closed by the fetcher once the response has been read or the request failed
	 * @throws FetchException if the request must not be sent; the fetch fails with it
	 * @throws InterruptedException if the waiting thread was interrupted; the fetch ends as cancelled
	 */
	Permit enter(HttpUrl url) throws FetchException, InterruptedException;

	/** Held while a request is in flight. */
	@FunctionalInterface
	interface Permit extends AutoCloseable {

		/** A permit that holds nothing. */
		Permit NONE = () -> {
		};

		@Override
		void close();

	}

}
