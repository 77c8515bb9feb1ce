package dev.wordfleet.standalone.cli;

/**
 * Formatting of a count with the form of its noun that agrees with it, for the command's messages.
 */
final class Plural {

	private Plural() {
	}

	/**
	 * Returns the count followed by the singular noun when the count is 1, and by the plural otherwise, such as
	 * "1 URL" or "3 URLs".
	 */
	static String of(long count, String singular, String plural) {
		return count + " " + ((count == 1) ? singular : plural);
	}

}
