package dev.wordfleet.standalone;

import org.jspecify.annotations.Nullable;

/**
 * Lookups in the chain of an exception's causes.
 */
public final class Causes {

	/** Causes followed at most, so that a chain that loops back on itself ends. */
	private static final int MAX_DEPTH = 20;

	private Causes() {
	}

	/**
	 * Returns the exception or the first of its causes that is of the given type.
	 * @return the exception found, or {@code null} when none in the chain is of the type
	 */
	public static <T extends Throwable> @Nullable T find(Throwable exception, Class<T> type) {
		Throwable current = exception;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = current.getCause();
		}
		return null;
	}

}
