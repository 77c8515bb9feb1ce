package dev.wordfleet.worker.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionChangesTest {

	private static final TopicPartition JOBS_0 = new TopicPartition("wordfleet.jobs", 0);

	private static final TopicPartition JOBS_1 = new TopicPartition("wordfleet.jobs", 1);

	@RegisterExtension
	final LoggedEvents logged = new LoggedEvents(PartitionChanges.class);

	private final List<Collection<TopicPartition>> partitionsTaken = new ArrayList<>();

	private boolean stopping;

	private final PartitionChanges changes = new PartitionChanges("worker-1", this.partitionsTaken::add,
			() -> this.stopping);

	@Test
	void assignmentLogsAtInfo() {
		this.changes.onPartitionsAssigned(null, List.of(JOBS_0, JOBS_1));

		assertThat(this.logged.list()).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.INFO);
			assertThat(event.getFormattedMessage()).isEqualTo("worker-1 took partitions [wordfleet.jobs-0, wordfleet.jobs-1]");
		});
		assertThat(this.partitionsTaken).isEmpty();
	}

	@Test
	void revocationLogsAtInfoAndForgets() {
		this.changes.onPartitionsRevokedAfterCommit(null, List.of(JOBS_0));

		assertThat(this.logged.list()).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.INFO);
			assertThat(event.getFormattedMessage()).startsWith("worker-1 handed over partitions [wordfleet.jobs-0]");
		});
		assertThat(this.partitionsTaken).containsExactly(List.of(JOBS_0));
	}

	@Test
	void lossLogsOnceAtWarn() {
		// Spring Kafka reports lost partitions as revoked right after.
		this.changes.onPartitionsLost(null, List.of(JOBS_0, JOBS_1));
		this.changes.onPartitionsRevokedAfterCommit(null, List.of(JOBS_0, JOBS_1));

		assertThat(this.logged.list()).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage())
				.startsWith("worker-1 lost partitions [wordfleet.jobs-0, wordfleet.jobs-1]");
		});
		assertThat(this.partitionsTaken).containsExactly(List.of(JOBS_0, JOBS_1));
	}

	@Test
	void lossWhileStoppingLogsAtInfo() {
		this.stopping = true;

		this.changes.onPartitionsLost(null, List.of(JOBS_0));
		this.changes.onPartitionsRevokedAfterCommit(null, List.of(JOBS_0));

		assertThat(this.logged.list()).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.INFO);
			assertThat(event.getFormattedMessage())
				.startsWith("worker-1 left the group during a rebalance and gave up partitions [wordfleet.jobs-0]");
		});
		assertThat(this.partitionsTaken).containsExactly(List.of(JOBS_0));
	}

	@Test
	void revocationAfterLossCountsAgain() {
		this.changes.onPartitionsLost(null, List.of(JOBS_0));
		this.changes.onPartitionsRevokedAfterCommit(null, List.of(JOBS_0));
		this.changes.onPartitionsAssigned(null, List.of(JOBS_0));
		this.changes.onPartitionsRevokedAfterCommit(null, List.of(JOBS_0));

		assertThat(this.logged.list()).extracting(ILoggingEvent::getLevel)
			.containsExactly(Level.WARN, Level.INFO, Level.INFO);
		assertThat(this.partitionsTaken).containsExactly(List.of(JOBS_0), List.of(JOBS_0));
	}

	@Test
	void emptyChangesLogNothing() {
		this.changes.onPartitionsAssigned(null, List.of());
		this.changes.onPartitionsRevokedAfterCommit(null, List.of());
		this.changes.onPartitionsLost(null, List.of());

		assertThat(this.logged.list()).isEmpty();
		assertThat(this.partitionsTaken).isEmpty();
	}

}
