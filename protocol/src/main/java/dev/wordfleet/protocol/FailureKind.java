package dev.wordfleet.protocol;

/**
 * The reason kind of a failed job, so that a caller can tell a bad URL from a bad server without parsing messages.
 */
public enum FailureKind {

	/** The URL is not an absolute {@code http} or {@code https} URL with a host. */
	INVALID_URL,

	/** The fetch guard rejected the URL's scheme, address or port. */
	BLOCKED,

	/**
	 * The server responded with a status of 400 or more, or with a redirect that was not followed (no
	 * {@code Location}, too many redirects, or another 3xx status).
	 */
	HTTP_STATUS,

	/** Connecting or fetching took longer than its limit. */
	TIMEOUT,

	/** The host could not be resolved, or the connection failed or broke. */
	CONNECTION,

	/** The site's robots.txt disallows the URL for this crawler, or could not be fetched and so disallows all. */
	ROBOTS,

	/** The body is larger than the configured cap. */
	TOO_LARGE,

	/** The body is not HTML or plain text. */
	UNSUPPORTED_CONTENT_TYPE,

	/** The batch passed its deadline. */
	DEADLINE,

	/** The message for this job could not be read or failed validation. */
	MALFORMED_MESSAGE,

	/** Any other error while fetching or counting. */
	INTERNAL

}
