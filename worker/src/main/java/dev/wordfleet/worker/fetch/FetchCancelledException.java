package dev.wordfleet.worker.fetch;

import dev.wordfleet.protocol.FailureKind;

/**
 * A fetch stopped by {@link PendingFetch#cancel()}.
 *
 * <p>{@link FailureKind} has no value for cancellation, so {@link #kind()} returns {@link FailureKind#DEADLINE},
 * the closest match. A caller that cancels for another reason, such as a cancelled batch, checks
 * {@link #isCancelled()} and reports its own reason.
 */
public final class FetchCancelledException extends FetchException {

	private static final long serialVersionUID = 1L;

	FetchCancelledException(String url, Throwable cause) {
		super(FailureKind.DEADLINE, url, "Fetch of " + url + " was cancelled", cause);
	}

	FetchCancelledException(String url) {
		super(FailureKind.DEADLINE, url, "Fetch of " + url + " was cancelled", null);
	}

	@Override
	public boolean isCancelled() {
		return true;
	}

}
