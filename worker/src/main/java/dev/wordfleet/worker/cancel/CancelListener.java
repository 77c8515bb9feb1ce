package dev.wordfleet.worker.cancel;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

import dev.wordfleet.protocol.CancelBatch;

/**
 * Passes every cancel read from the cancels topic to {@link CancelledBatches}.
 */
public class CancelListener implements MessageListener<String, CancelBatch> {

	private final CancelledBatches cancelled;

	public CancelListener(CancelledBatches cancelled) {
		this.cancelled = cancelled;
	}

	@Override
	public void onMessage(ConsumerRecord<String, CancelBatch> record) {
		this.cancelled.cancel(record.value());
	}

}
