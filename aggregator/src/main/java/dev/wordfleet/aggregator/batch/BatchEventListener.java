package dev.wordfleet.aggregator.batch;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.MessageListener;

import dev.wordfleet.protocol.BatchEvent;

/**
 * Feeds batch events to the tracker. Progress lives in memory, so on every partition assignment the listener reads
 * its partitions from the beginning and rebuilds it; merging is idempotent, so replayed events change nothing.
 */
public class BatchEventListener implements MessageListener<String, BatchEvent>, ConsumerSeekAware {

	private static final Logger logger = LoggerFactory.getLogger(BatchEventListener.class);

	private final BatchTracker tracker;

	public BatchEventListener(BatchTracker tracker) {
		this.tracker = tracker;
	}

	@Override
	public void onMessage(ConsumerRecord<String, BatchEvent> record) {
		this.tracker.apply(record.value());
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		logger.info("Reading batch events of partitions {} from the beginning", assignments.keySet());
		callback.seekToBeginning(assignments.keySet());
	}

}
