package dev.wordfleet.worker.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetCommitLogTest {

	private static final Map<TopicPartition, OffsetAndMetadata> OFFSETS = Map
		.of(new TopicPartition("wordfleet.jobs", 3), new OffsetAndMetadata(42));

	@RegisterExtension
	final LoggedEvents logged = new LoggedEvents(OffsetCommitLog.class);

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final OffsetCommitLog log = new OffsetCommitLog("worker-1", this.nanos::get);

	@Test
	void rebalanceFailureLogsAtInfo() {
		this.log.onComplete(OFFSETS, new RebalanceInProgressException("the group is rebalancing"));

		List<ILoggingEvent> events = this.logged.list();
		assertThat(events).hasSize(1);
		assertThat(events.getFirst().getLevel()).isEqualTo(Level.INFO);
		assertThat(events.getFirst().getFormattedMessage()).contains("worker-1")
			.contains("wordfleet.jobs-3")
			.contains("the group is rebalancing")
			.contains("fetched again");
	}

	@Test
	void expectedFailuresAreRecognized() {
		assertThat(OffsetCommitLog.isExpected(new RebalanceInProgressException("rebalancing"))).isTrue();
		assertThat(OffsetCommitLog.isExpected(new CommitFailedException())).isTrue();
		assertThat(OffsetCommitLog.isExpected(new RetriableCommitFailedException("coordinator moved"))).isTrue();
		assertThat(OffsetCommitLog.isExpected(new KafkaException("unexpected"))).isFalse();
	}

	@Test
	void otherFailureLogsAtWarn() {
		this.log.onComplete(OFFSETS, new KafkaException("not authorized"));

		assertThat(this.logged.list()).singleElement()
			.satisfies((event) -> assertThat(event.getLevel()).isEqualTo(Level.WARN));
	}

	@Test
	void repeatsWithinIntervalAreCounted() {
		for (int i = 0; i < 5; i++) {
			this.log.onComplete(OFFSETS, new RebalanceInProgressException("rebalancing"));
			this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		}

		assertThat(this.logged.list()).hasSize(1);
		assertThat(this.log.leftOut()).isEqualTo(4);
	}

	@Test
	void messageAfterIntervalNamesLeftOut() {
		this.log.onComplete(OFFSETS, new RebalanceInProgressException("rebalancing"));
		this.log.onComplete(OFFSETS, new RebalanceInProgressException("rebalancing"));
		this.log.onComplete(OFFSETS, new RebalanceInProgressException("rebalancing"));
		this.nanos.addAndGet(OffsetCommitLog.INTERVAL.toNanos());
		this.log.onComplete(OFFSETS, new RebalanceInProgressException("rebalancing"));

		assertThat(this.logged.list()).hasSize(2);
		assertThat(this.logged.list().get(1).getFormattedMessage()).contains("2 more such failures");
		assertThat(this.log.leftOut()).isZero();
	}

	@Test
	void levelsAreLimitedSeparately() {
		this.log.onComplete(OFFSETS, new RebalanceInProgressException("rebalancing"));
		this.log.onComplete(OFFSETS, new KafkaException("not authorized"));

		assertThat(this.logged.list()).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.WARN);
	}

	@Test
	void successLogsNothingAboveDebug() {
		this.log.onComplete(OFFSETS, null);

		assertThat(this.logged.list()).allSatisfy((event) -> assertThat(event.getLevel()).isEqualTo(Level.DEBUG));
		assertThat(this.log.logged()).isZero();
	}

}
