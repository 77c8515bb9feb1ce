package dev.wordfleet.worker.fetch;

import java.io.IOException;

/**
 * Reads the body of a fetch's final response while it arrives, so that the page is never held whole.
 *
 * <p>The stream is decoded (gzip, deflate) and limited: reading past {@link FetchSettings#maxBodySize()} decoded bytes
 * throws, and so does a body that ends before its declared length or last chunk. The handler must let every
 * {@link IOException} of the stream propagate, so that the fetch fails with the right reason. Whatever the handler
 * leaves unread is read and discarded after it returns, so the size limit and the check for a cut body apply to the
 * whole body.
 *
 * @param <T> the result of reading the body
 */
@FunctionalInterface
public interface BodyHandler<T> {

	/**
	 * Reads the body.
	 * @param response status, final URL, content type and validators of the response
	 * @param body the decoded body; empty when {@link FetchedResponse#notModified()}
	 * @return the result
	 * @throws IOException if reading the body failed
	 */
	T handle(FetchedResponse response, BodyStream body) throws IOException;

}
