package dev.wordfleet.protocol;

import java.util.Objects;

/**
 * Argument checks shared by the message records. A record that fails them cannot be constructed, so a malformed
 * message fails deserialization and goes to the dead-letter topic instead of reaching a listener.
 */
final class Messages {

	/** Schema version written into every message of this release. */
	static final int SCHEMA_VERSION = 1;

	private Messages() {
	}

	static void checkVersion(int version) {
		if (version < 1 || version > SCHEMA_VERSION) {
			throw new IllegalArgumentException("unsupported schema version " + version + "; this release reads 1 to "
					+ SCHEMA_VERSION + ", so upgrade the consumer or publish version " + SCHEMA_VERSION);
		}
	}

	static String requireText(String value, String name) {
		Objects.requireNonNull(value, () -> name + " is missing");
		if (value.isBlank()) {
			throw new IllegalArgumentException(name + " is blank");
		}
		return value;
	}

	static int requireNonNegative(int value, String name) {
		if (value < 0) {
			throw new IllegalArgumentException(name + " must be zero or more, but was " + value);
		}
		return value;
	}

	static long requireNonNegative(long value, String name) {
		if (value < 0) {
			throw new IllegalArgumentException(name + " must be zero or more, but was " + value);
		}
		return value;
	}

}
