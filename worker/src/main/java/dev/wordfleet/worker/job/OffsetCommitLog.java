package dev.wordfleet.worker.job;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs the failures of a worker's asynchronous offset commits, at most once per interval for each level.
 * <p>
 * Three kinds of failure are expected and logged at INFO: a rebalance in progress, partitions that went to another
 * member, and errors that Kafka marks as retriable. After any failure the jobs after the last committed offset are
 * fetched again, and the aggregator counts each job once. Other failures are logged at WARN. A message left out
 * within the interval is counted, and the next message of its level says how many were. Successful commits are
 * logged at DEBUG. The instance's lock guards the times and counts.
 */
final class OffsetCommitLog implements OffsetCommitCallback {

	private static final Logger logger = LoggerFactory.getLogger(OffsetCommitLog.class);

	/** The shortest time between two messages of the same level. */
	static final Duration INTERVAL = Duration.ofSeconds(30);

	private final String workerName;

	private final LongSupplier nanoClock;

	private final RateLimitedLevel expected = new RateLimitedLevel(Level.INFO);

	private final RateLimitedLevel unexpected = new RateLimitedLevel(Level.WARN);

	/**
	 * @param workerName name of the worker whose commits are logged
	 */
	OffsetCommitLog(String workerName) {
		this(workerName, System::nanoTime);
	}

	/**
	 * Creates a log that reads the time from the given clock of nanoseconds, so tests can move it.
	 */
	OffsetCommitLog(String workerName, LongSupplier nanoClock) {
		this.workerName = workerName;
		this.nanoClock = nanoClock;
	}

	@Override
	public void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception exception) {
		if (exception == null) {
			logger.debug("{} committed offsets {}", this.workerName, offsets);
			return;
		}
		RateLimitedLevel level = isExpected(exception) ? this.expected : this.unexpected;
		level.log(offsets.keySet(), exception);
	}

	/**
	 * Tells whether a commit failure is one of the expected kinds: a rebalance, lost partitions or a retriable error.
	 */
	static boolean isExpected(Exception exception) {
		return exception instanceof RebalanceInProgressException || exception instanceof CommitFailedException
				|| exception instanceof RetriableException;
	}

	/** Returns the number of messages logged so far, for tests. */
	synchronized int logged() {
		return this.expected.logged + this.unexpected.logged;
	}

	/** Returns the number of messages left out since the last one of their level, for tests. */
	synchronized int leftOut() {
		return this.expected.leftOut + this.unexpected.leftOut;
	}

	/** The messages of one level, with the time of the last one. */
	private final class RateLimitedLevel {

		private final Level level;

		private long lastLoggedNanos;

		private int logged;

		private int leftOut;

		RateLimitedLevel(Level level) {
			this.level = level;
		}

		void log(Object partitions, Exception exception) {
			synchronized (OffsetCommitLog.this) {
				long now = OffsetCommitLog.this.nanoClock.getAsLong();
				if (this.logged > 0 && now - this.lastLoggedNanos < INTERVAL.toNanos()) {
					this.leftOut++;
					return;
				}
				String leftOutNote = (this.leftOut > 0)
						? " (" + this.leftOut + " more such failures since the last message)" : "";
				logger.atLevel(this.level)
					.log("{} could not commit the offsets of partitions {}: {}; the jobs after the last committed offset "
							+ "will be fetched again, and the aggregator counts each job once{}",
							OffsetCommitLog.this.workerName, partitions, exception.getMessage(), leftOutNote);
				this.lastLoggedNanos = now;
				this.logged++;
				this.leftOut = 0;
			}
		}

	}

}
