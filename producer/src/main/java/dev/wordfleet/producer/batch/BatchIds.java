package dev.wordfleet.producer.batch;

import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Batch ids that a client chooses, directly with the {@code batchId} query parameter or through an
 * {@code Idempotency-Key} header. Either way the same request gives the same id on every producer instance and
 * after every restart, which is what makes a repeated submission recognizable.
 */
final class BatchIds {

	/** Maximum length of a client-chosen batch id. */
	static final int MAX_BATCH_ID_LENGTH = 100;

	/** Maximum length of an idempotency key. */
	static final int MAX_KEY_LENGTH = 255;

	/**
	 * Characters of a batch id: those of a URL path segment that need no escaping, without {@code /}, which separates
	 * the batch id from the job id in job keys.
	 */
	private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9._~-]{1," + MAX_BATCH_ID_LENGTH + "}");

	/** Visible ASCII characters, as HTTP header values carry them. */
	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1," + MAX_KEY_LENGTH + "}");

	private BatchIds() {
	}

	/**
	 * Returns the batch id a request chose, or {@code null} when it chose none and gets a random one.
	 * @param idempotencyKey the {@code Idempotency-Key} header
	 * @param batchId the {@code batchId} query parameter
	 * @throws InvalidBatchIdException when both are given, or one is invalid
	 */
	static @Nullable String chosen(@Nullable String idempotencyKey, @Nullable String batchId) {
		if (idempotencyKey != null && batchId != null) {
			throw new InvalidBatchIdException("give either the Idempotency-Key header or the batchId parameter, not "
					+ "both: the key \"" + idempotencyKey + "\" already determines the batch id");
		}
		if (batchId != null) {
			if (!BATCH_ID.matcher(batchId).matches()) {
				throw new InvalidBatchIdException("batchId \"" + quote(batchId) + "\" is not valid: use 1 to "
						+ MAX_BATCH_ID_LENGTH + " letters, digits, '.', '_', '~' or '-'");
			}
			return batchId;
		}
		if (idempotencyKey != null) {
			if (!KEY.matcher(idempotencyKey).matches()) {
				throw new InvalidBatchIdException("Idempotency-Key \"" + quote(idempotencyKey) + "\" is not valid: "
						+ "use 1 to " + MAX_KEY_LENGTH + " visible ASCII characters without spaces, such as a UUID");
			}
			return fromKey(idempotencyKey);
		}
		return null;
	}

	/**
	 * Returns the batch id of an idempotency key: a UUID of version 8, the custom version of RFC 9562, whose bits are
	 * the first 128 bits of the SHA-256 hash of the key except for the version and variant bits.
	 */
	static String fromKey(String idempotencyKey) {
		byte[] hash = Sha256.hash("wordfleet idempotency key:" + idempotencyKey);
		ByteBuffer bits = ByteBuffer.wrap(hash);
		long mostSignificant = (bits.getLong() & ~0xF000L) | 0x8000L;
		long leastSignificant = (bits.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(mostSignificant, leastSignificant).toString();
	}

	private static String quote(String value) {
		return (value.length() <= 120) ? value : value.substring(0, 120) + "...";
	}

}
