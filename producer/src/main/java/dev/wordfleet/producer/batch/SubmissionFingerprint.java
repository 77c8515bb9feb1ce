package dev.wordfleet.producer.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The fingerprint of a submission: a SHA-256 hash of its URLs in order, its {@code maxFailures} and its requested
 * deadline. Two requests with the same fingerprint ask for the same batch, whether they came as JSON or as text.
 */
final class SubmissionFingerprint {

	private SubmissionFingerprint() {
	}

	/** Returns the fingerprint as 64 lower-case hexadecimal digits. */
	static String of(List<String> urls, BatchOptions options) {
		MessageDigest digest = Sha256.newDigest();
		update(digest, "wordfleet submission 1");
		update(digest, Integer.toString(options.maxFailures()));
		update(digest, (options.deadline() != null) ? options.deadline().toString() : "no deadline");
		for (String url : urls) {
			update(digest, url);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/** Adds a value with its length in front, so that no two lists of values give the same input. */
	private static void update(MessageDigest digest, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
		digest.update((byte) ':');
		digest.update(bytes);
	}

}
