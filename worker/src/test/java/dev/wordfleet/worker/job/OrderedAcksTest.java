package dev.wordfleet.worker.job;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedAcksTest {

	private static final TopicPartition PARTITION = new TopicPartition("jobs", 0);

	private final List<Long> acknowledged = new ArrayList<>();

	private final OrderedAcks acks = new OrderedAcks();

	@Test
	void laterJobWaitsForEarlierOne() {
		track(10, 11, 12);

		this.acks.complete(PARTITION, 11);

		assertThat(this.acknowledged).isEmpty();
		assertThat(this.acks.unacknowledged()).isEqualTo(3);
	}

	@Test
	void finishedRunAcknowledgedOnceAtItsEnd() {
		track(10, 11, 12, 13);
		this.acks.complete(PARTITION, 12);
		this.acks.complete(PARTITION, 11);

		this.acks.complete(PARTITION, 10);

		assertThat(this.acknowledged).containsExactly(12L);
		assertThat(this.acks.unacknowledged()).isEqualTo(1);
	}

	@Test
	void partitionsAreIndependent() {
		TopicPartition other = new TopicPartition("jobs", 1);
		track(10);
		this.acks.track(other, 5, () -> this.acknowledged.add(5L));

		this.acks.complete(other, 5);

		assertThat(this.acknowledged).containsExactly(5L);
	}

	@Test
	void forgottenPartitionIgnoresCompletions() {
		track(10);
		this.acks.forget(List.of(PARTITION));

		this.acks.complete(PARTITION, 10);

		assertThat(this.acknowledged).isEmpty();
		assertThat(this.acks.unacknowledged()).isZero();
	}

	@Test
	void repeatedCompletionIsIgnored() {
		track(10, 11);
		this.acks.complete(PARTITION, 10);

		this.acks.complete(PARTITION, 10);

		assertThat(this.acknowledged).containsExactly(10L);
	}

	private void track(long... offsets) {
		for (long offset : offsets) {
			Acknowledgment ack = () -> this.acknowledged.add(offset);
			this.acks.track(PARTITION, offset, ack);
		}
	}

}
