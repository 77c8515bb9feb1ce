package dev.wordfleet.worker.job;

import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Rebalance listener of a job worker: logs the partitions the group gives it and takes from it, and passes those
 * taken to a callback that drops their unfinished jobs. Spring Kafka reports lost partitions, those taken without a
 * revocation, as revoked too, so they are logged and passed once. Partitions lost while the worker stops, which
 * happens when it leaves during a rebalance, are logged at INFO, and others at WARN.
 */
class PartitionChanges implements ConsumerAwareRebalanceListener {

	private static final Logger logger = LoggerFactory.getLogger(PartitionChanges.class);

	private final String workerName;

	private final Consumer<Collection<TopicPartition>> onTaken;

	private final BooleanSupplier stopping;

	/** The partitions reported lost by the last call, which the revocation that follows skips and clears. */
	private List<TopicPartition> lost = List.of();

	/**
	 * Creates a listener for one job worker.
	 * @param workerName the worker's name, for logs
	 * @param onTaken receives each non-empty set of partitions taken from the worker, once
	 * @param stopping returns whether the worker is stopping
	 */
	PartitionChanges(String workerName, Consumer<Collection<TopicPartition>> onTaken, BooleanSupplier stopping) {
		this.workerName = workerName;
		this.onTaken = onTaken;
		this.stopping = stopping;
	}

	@Override
	public void onPartitionsAssigned(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
			Collection<TopicPartition> partitions) {
		if (!partitions.isEmpty()) {
			logger.info("{} took partitions {}", this.workerName, partitions);
		}
	}

	@Override
	public void onPartitionsRevokedAfterCommit(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
			Collection<TopicPartition> partitions) {
		List<TopicPartition> handedOver = partitions.stream()
			.filter((partition) -> !this.lost.contains(partition))
			.toList();
		this.lost = List.of();
		if (!handedOver.isEmpty()) {
			logger.info("{} handed over partitions {}, and their unfinished jobs go to the next owner",
					this.workerName, handedOver);
			this.onTaken.accept(handedOver);
		}
	}

	@Override
	public void onPartitionsLost(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
			Collection<TopicPartition> partitions) {
		this.lost = List.copyOf(partitions);
		if (partitions.isEmpty()) {
			return;
		}
		if (this.stopping.getAsBoolean()) {
			logger.info("{} left the group during a rebalance and gave up partitions {}, and their unfinished jobs "
					+ "go to the next owner", this.workerName, partitions);
		}
		else {
			logger.warn("{} lost partitions {} because the group no longer counts it as a member, and their "
					+ "unfinished jobs go to the next owner", this.workerName, partitions);
		}
		this.onTaken.accept(this.lost);
	}

}
