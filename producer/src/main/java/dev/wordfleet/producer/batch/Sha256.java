package dev.wordfleet.producer.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which every Java runtime provides. */
final class Sha256 {

	private Sha256() {
	}

	static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime provides SHA-256", ex);
		}
	}

	/** Returns the hash of the UTF-8 bytes of a string. */
	static byte[] hash(String value) {
		return newDigest().digest(value.getBytes(StandardCharsets.UTF_8));
	}

}
