package dev.wordfleet.worker.job;

import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Acknowledges jobs in offset order although they finish in any order. Kafka stores one committed offset per
 * partition, so acknowledging a job commits every earlier offset too. A job is therefore acknowledged only once it
 * and every job read before it on its partition have finished. A crash loses no job: anything after the committed
 * offset is read again, and the aggregator ignores repeated outcomes.
 */
final class OrderedAcks {

	private final Map<TopicPartition, PartitionAcks> partitions = new ConcurrentHashMap<>();

	/** Records a job read from the given partition and offset; called in offset order per partition. */
	void track(TopicPartition partition, long offset, Acknowledgment ack) {
		this.partitions.computeIfAbsent(partition, (key) -> new PartitionAcks()).track(offset, ack);
	}

	/** Marks a job finished and acknowledges the longest finished run of jobs from the start of the partition. */
	void complete(TopicPartition partition, long offset) {
		PartitionAcks acks = this.partitions.get(partition);
		if (acks != null) {
			acks.complete(offset);
		}
	}

	/** Forgets partitions this worker no longer owns; their unfinished jobs are redelivered to the new owner. */
	void forget(Collection<TopicPartition> revoked) {
		revoked.forEach(this.partitions::remove);
	}

	/** Returns the number of tracked jobs not yet acknowledged. */
	int unacknowledged() {
		return this.partitions.values().stream().mapToInt(PartitionAcks::size).sum();
	}

	private static final class PartitionAcks {

		private final NavigableMap<Long, Entry> pending = new TreeMap<>();

		synchronized void track(long offset, Acknowledgment ack) {
			this.pending.put(offset, new Entry(ack));
		}

		synchronized void complete(long offset) {
			Entry entry = this.pending.get(offset);
			if (entry == null) {
				return;
			}
			entry.done = true;
			Acknowledgment last = null;
			while (!this.pending.isEmpty() && this.pending.firstEntry().getValue().done) {
				last = this.pending.pollFirstEntry().getValue().ack;
			}
			if (last != null) {
				last.acknowledge();
			}
		}

		synchronized int size() {
			return this.pending.size();
		}

	}

	private static final class Entry {

		final Acknowledgment ack;

		boolean done;

		Entry(Acknowledgment ack) {
			this.ack = ack;
		}

	}

}
