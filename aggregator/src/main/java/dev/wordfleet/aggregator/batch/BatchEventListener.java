package dev.wordfleet.aggregator.batch;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.MessageListener;

import dev.wordfleet.protocol.BatchEvent;

/**
 * Feeds batch events to the tracker. Progress lives in memory, so on every partition assignment the listener reads
 * its partitions from the beginning and rebuilds it. Merging is idempotent, so replayed events change nothing. A
 * partition counts as caught up once a record at or past the end offset it had when assigned has been applied, or
 * once the container has been idle, which covers a partition whose last entries are transaction markers.
 */
public class BatchEventListener
		implements MessageListener<String, BatchEvent>, ConsumerSeekAware, ConsumerAwareRebalanceListener {

	private static final Logger logger = LoggerFactory.getLogger(BatchEventListener.class);

	private final BatchTracker tracker;

	/** End offset of each assigned partition at assignment; removed once the partition has caught up. */
	private final Map<TopicPartition, Long> replayEnds = new ConcurrentHashMap<>();

	/** Whether partitions were assigned at least once, set after their replay ends are known. */
	private volatile boolean assigned;

	public BatchEventListener(BatchTracker tracker) {
		this.tracker = tracker;
	}

	@Override
	public void onMessage(ConsumerRecord<String, BatchEvent> record) {
		this.tracker.apply(record.value(), record.partition());
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		Long end = this.replayEnds.get(partition);
		if (end != null && record.offset() + 1 >= end) {
			caughtUp(partition);
		}
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
		Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
		for (TopicPartition partition : partitions) {
			long end = ends.getOrDefault(partition, 0L);
			if (end <= beginnings.getOrDefault(partition, 0L)) {
				caughtUp(partition);
			}
			else {
				this.replayEnds.put(partition, end);
			}
		}
		this.assigned = true;
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		logger.info("Reading batch events of partitions {} from the beginning", assignments.keySet());
		callback.seekToBeginning(assignments.keySet());
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		// The container calls the consumer-aware variants below.
	}

	@Override
	public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		forget(partitions);
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		forget(partitions);
	}

	@Override
	public void onIdleContainer(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		assignments.keySet().forEach(this::caughtUp);
	}

	/**
	 * Tells whether the group has assigned partitions to this aggregator at least once, possibly none.
	 * @return {@code true} after the first assignment
	 */
	public boolean hasBeenAssigned() {
		return this.assigned;
	}

	/**
	 * Returns the assigned partitions that are still read again from the beginning.
	 * @return the partitions not caught up yet, empty once every assigned partition has caught up
	 */
	public Set<TopicPartition> replayingPartitions() {
		return Set.copyOf(this.replayEnds.keySet());
	}

	private void caughtUp(TopicPartition partition) {
		this.replayEnds.remove(partition);
		this.tracker.caughtUp(partition.partition());
	}

	private void forget(Collection<TopicPartition> partitions) {
		if (partitions.isEmpty()) {
			return;
		}
		partitions.forEach(this.replayEnds::remove);
		this.tracker.forget(partitions.stream().map(TopicPartition::partition).toList());
	}

}
