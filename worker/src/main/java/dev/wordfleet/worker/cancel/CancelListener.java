package dev.wordfleet.worker.cancel;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.KafkaUtils;

import dev.wordfleet.protocol.CancelBatch;
import dev.wordfleet.protocol.DeadLetters;

/**
 * Passes every cancel read from the cancels topic to {@link CancelledBatches}. The topic is read from the beginning
 * at every start, so the listener distinguishes, by record timestamp, the cancels published before this worker
 * started from the new ones.
 */
public class CancelListener implements MessageListener<String, CancelBatch> {

	private static final Logger logger = LoggerFactory.getLogger(CancelListener.class);

	private final CancelledBatches cancelled;

	private final long startedAtMillis;

	/**
	 * Creates a listener for a worker process.
	 * @param cancelled the batches this process stops
	 * @param startedAt when this worker process started
	 */
	public CancelListener(CancelledBatches cancelled, Instant startedAt) {
		this.cancelled = cancelled;
		this.startedAtMillis = startedAt.toEpochMilli();
	}

	@Override
	public void onMessage(ConsumerRecord<String, CancelBatch> record) {
		if (publishedBeforeStart(record)) {
			this.cancelled.cancelEarlier(record.value());
		}
		else {
			this.cancelled.cancel(record.value());
		}
	}

	/**
	 * Returns a recoverer that passes the records published since this worker started to {@code deadLetters}, and
	 * logs the older ones at WARN without sending them again: the workers that ran when an older record was
	 * published sent it to the dead-letter topic then.
	 * @param deadLetters the recoverer that publishes to the dead-letter topic
	 * @return a recoverer for the cancels container
	 */
	public ConsumerRecordRecoverer recoverNewRecordsOnly(ConsumerRecordRecoverer deadLetters) {
		return (record, ex) -> {
			if (publishedBeforeStart(record)) {
				logger.warn("Skipping cancel record {}, published before this worker started: {}",
						KafkaUtils.format(record), DeadLetters.rootMessage(ex));
			}
			else {
				deadLetters.accept(record, ex);
			}
		};
	}

	// NOTE: the timestamps come from the publisher's clock, so a clock behind this machine's by more than the
	// cancel's delivery time makes a new cancel look older: it still stops its batch, but is logged at DEBUG.
	private boolean publishedBeforeStart(ConsumerRecord<?, ?> record) {
		return record.timestamp() < this.startedAtMillis;
	}

}
