package dev.wordfleet.worker.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the calling thread to the Linux nice value {@value #NICE}, the lowest, through
 * the C library's {@code setpriority}. A thread may always lower its own priority, without privileges. Java's
 * {@link Thread#setPriority} does not reach the scheduler on Linux unless the JVM runs with
 * {@code -XX:ThreadPriorityPolicy=1}, which warns on every start when not run as root.
 *
 * <p>On other systems, or when the C library cannot be loaded, nothing changes and the reason is logged once.
 */
final class BackgroundPriority {

	private static final Logger logger = LoggerFactory.getLogger(BackgroundPriority.class);

	/** The nice value set: the lowest priority of the normal scheduling class. */
	static final int NICE = 19;

	private static final int PRIO_PROCESS = 0;

	private static final AtomicBoolean failureLogged = new AtomicBoolean();

	private BackgroundPriority() {
	}

	/**
	 * Lowers the calling thread's priority.
	 * @return whether it was lowered
	 */
	static boolean lowerCurrentThread() {
		if (!Platform.isLinux()) {
			logOnce("scheduling priorities are set on Linux only, and this is " + System.getProperty("os.name"));
			return false;
		}
		try {
			// /proc/thread-self links to /proc/PID/task/TID, and the C library takes the TID as a process id.
			int threadId = Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName()
				.toString());
			if (CLibrary.INSTANCE.setpriority(PRIO_PROCESS, threadId, NICE) != 0) {
				logOnce("setpriority failed with errno " + Native.getLastError());
				return false;
			}
			return true;
		}
		catch (IOException | RuntimeException | LinkageError ex) {
			logOnce(ex.toString());
			return false;
		}
	}

	private static void logOnce(String reason) {
		if (failureLogged.compareAndSet(false, true)) {
			logger.info("Counting threads keep the default scheduling priority: {}", reason);
		}
	}

	private interface CLibrary extends Library {

		CLibrary INSTANCE = Native.load("c", CLibrary.class);

		int setpriority(int which, int who, int priority);

	}

}
