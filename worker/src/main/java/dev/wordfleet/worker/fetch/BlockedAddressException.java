package dev.wordfleet.worker.fetch;

import java.net.UnknownHostException;

/**
 * Thrown inside OkHttp when the fetch guard rejects a resolved or connected address.
 *
 * <p>It extends {@link UnknownHostException} because {@link okhttp3.Dns#lookup} may throw no other checked
 * exception. {@link PageFetcher} finds it in the cause chain and reports it as a blocked fetch.
 */
final class BlockedAddressException extends UnknownHostException {

	private static final long serialVersionUID = 1L;

	BlockedAddressException(String message) {
		super(message);
	}

}
