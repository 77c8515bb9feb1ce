package dev.wordfleet.standalone.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exclusive lock on a broker's data directory, held from before formatting until the broker has stopped.
 * <p>
 * Kafka 4.2 locks a data directory only when its broker part starts, which is after its controller part has opened
 * the metadata log. So a second broker on the same directory would append to that log before failing. This lock
 * rejects the second broker before it touches anything, whether it runs in this JVM or in another process.
 */
final class DataDirLock implements AutoCloseable {

	/** Name of the lock file inside the data directory; Kafka ignores plain files there. */
	static final String FILE_NAME = ".wordfleet-broker.lock";

	private static final Logger logger = LoggerFactory.getLogger(DataDirLock.class);

	private final FileChannel channel;

	private final FileLock lock;

	private DataDirLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Creates {@code dataDir} if missing and locks it.
	 * @throws BrokerStartException if another broker holds the lock or the lock file cannot be written
	 */
	static DataDirLock acquire(Path dataDir) {
		@Nullable FileChannel channel = null;
		try {
			Files.createDirectories(dataDir);
			channel = FileChannel.open(dataDir.resolve(FILE_NAME), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			FileLock lock = tryLock(channel);
			if (lock == null) {
				throw new BrokerStartException("Data directory " + dataDir + " is in use by another broker; stop "
						+ "that broker or use another directory");
			}
			return new DataDirLock(channel, lock);
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new BrokerStartException("Cannot lock data directory " + dataDir + ": " + ex, ex);
		}
		catch (RuntimeException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	/** Releases the lock; the lock file stays, so that a later broker can lock it again. */
	@Override
	public void close() {
		try {
			this.lock.release();
		}
		catch (IOException ex) {
			logger.warn("Cannot release the data directory lock", ex);
		}
		closeQuietly(this.channel);
	}

	/** Returns the lock, or {@code null} if another process or another channel in this JVM holds it. */
	private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			return null;
		}
	}

	private static void closeQuietly(@Nullable FileChannel channel) {
		if (channel == null) {
			return;
		}
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.warn("Cannot close the data directory lock file", ex);
		}
	}

}
