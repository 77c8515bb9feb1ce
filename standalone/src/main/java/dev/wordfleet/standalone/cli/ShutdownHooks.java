package dev.wordfleet.standalone.cli;

/**
 * JVM shutdown hooks that a command adds for part of its run.
 */
final class ShutdownHooks {

	private ShutdownHooks() {
	}

	/** Adds a hook that runs the action on a platform thread of the given name. */
	static Thread add(String name, Runnable action) {
		Thread hook = Thread.ofPlatform().name(name).unstarted(action);
		Runtime.getRuntime().addShutdownHook(hook);
		return hook;
	}

	/** Returns whether the JVM's shutdown has begun, after which no hook can be added. */
	static boolean isShuttingDown() {
		Thread probe = Thread.ofPlatform().unstarted(() -> {
		});
		try {
			Runtime.getRuntime().addShutdownHook(probe);
			Runtime.getRuntime().removeShutdownHook(probe);
			return false;
		}
		catch (IllegalStateException ex) {
			return true;
		}
	}

	/** Removes a hook, unless the JVM is already shutting down, in which case the hook runs anyway. */
	static void remove(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down.
		}
	}

}
