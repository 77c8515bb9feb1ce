package dev.wordfleet.protocol;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Error handling shared by every listener. Records that cannot be read or fail validation go to the dead-letter
 * topic at once, and other listener errors are retried a few times first. Either way the consumer then moves past the
 * record, so no partition is ever stuck.
 */
public final class DeadLetters {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

	/** Delay between retries of a listener error that may be transient. */
	private static final long RETRY_INTERVAL_MS = 1_000;

	/** Retries of such an error before its record goes to the dead-letter topic. */
	private static final long MAX_RETRIES = 3;

	private DeadLetters() {
	}

	/**
	 * Creates an error handler that publishes failed records to {@link TopicProperties#deadLetters()} with the
	 * exception in the standard {@code kafka_dlt-*} headers, logging each one once.
	 * @param template template whose value serializer is {@link Json#valueSerializer()}
	 * @param topics the fleet's topics
	 */
	public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, TopicProperties topics) {
		return errorHandler(recoverer(template, topics));
	}

	/**
	 * Creates an error handler that passes failed records to the given recoverer: at once for records that cannot
	 * be read or fail validation, after a few retries for other listener errors.
	 */
	public static DefaultErrorHandler errorHandler(ConsumerRecordRecoverer recoverer) {
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer,
				new FixedBackOff(RETRY_INTERVAL_MS, MAX_RETRIES));
		handler.addNotRetryableExceptions(InvalidMessageException.class, IllegalArgumentException.class);
		return handler;
	}

	/**
	 * Creates a recoverer that logs a failed record once, with its topic, partition and offset, and publishes it to
	 * {@link TopicProperties#deadLetters()}.
	 * @param template template whose value serializer is {@link Json#valueSerializer()}
	 * @param topics the fleet's topics
	 */
	public static ConsumerRecordRecoverer recoverer(KafkaOperations<?, ?> template, TopicProperties topics) {
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(topics.deadLetters(), -1));
		return (record, ex) -> {
			logger.warn("Sending record {} to {}: {}", KafkaUtils.format(record), topics.deadLetters(),
					rootMessage(ex));
			publisher.accept(record, ex);
		};
	}

	/** Returns the class and message of the innermost cause, which names what was wrong with a record. */
	public static String rootMessage(Throwable ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

}
