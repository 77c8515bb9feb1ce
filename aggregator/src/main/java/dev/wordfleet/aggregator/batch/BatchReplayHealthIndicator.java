package dev.wordfleet.aggregator.batch;

import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the aggregator's view of its batches: DOWN until the group has assigned its partitions of the
 * batch-events topic and while any of them is read again from the beginning, UP once each has caught up. A
 * restarted aggregator rebuilds its batches by that replay, so while it is DOWN a listing of the batches may lack
 * some and their progress may be behind. The role's defaults put it in the readiness group.
 */
public class BatchReplayHealthIndicator implements HealthIndicator {

	private final BatchEventListener listener;

	public BatchReplayHealthIndicator(BatchEventListener listener) {
		this.listener = listener;
	}

	@Override
	public Health health() {
		if (!this.listener.hasBeenAssigned()) {
			return Health.down().withDetail("reason", "waiting for partitions of the batch-events topic").build();
		}
		Set<TopicPartition> replaying = this.listener.replayingPartitions();
		if (!replaying.isEmpty()) {
			return Health.down()
				.withDetail("reason", "reading the batch events of " + replaying.size() + " partitions again")
				.withDetail("partitions", replaying.stream().map(TopicPartition::toString).sorted().toList())
				.build();
		}
		return Health.up().build();
	}

}
