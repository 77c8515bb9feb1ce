package dev.wordfleet.aggregator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.aggregator.batch.BatchReplayHealthIndicator;
import dev.wordfleet.aggregator.batch.BatchTracker;
import dev.wordfleet.protocol.BatchProgressReport;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.UrlJob;
import dev.wordfleet.protocol.WordCount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An aggregator stopped and started again on a real broker rebuilds its batches from the batch-events topic and
 * publishes no result or progress report twice.
 */
@EmbeddedKafka
class AggregatorRestartTest {

	private static final String PREFIX = "restart-test.";

	private static final String PROGRESS_PREFIX = "restart-progress-test.";

	private static final String READINESS_PREFIX = "restart-readiness-test.";

	private static final String MARKERS_PREFIX = "restart-markers-test.";

	@Test
	void restartRebuildsWithoutRepublishing(EmbeddedKafkaBroker broker) {
		String servers = broker.getBrokersAsString();
		try (ConfigurableApplicationContext first = startAggregator(servers)) {
			publish(servers, "finished", 2, 2);
			publish(servers, "unfinished", 3, 1);
			awaitStatus(first, "finished", BatchStatus.COMPLETED);
			awaitStatus(first, "unfinished", BatchStatus.RUNNING);
		}

		publishPage(servers, "unfinished", 1);
		publishPage(servers, "unfinished", 2);
		try (ConfigurableApplicationContext second = startAggregator(servers)) {
			BatchProgress finished = awaitStatus(second, "finished", BatchStatus.COMPLETED);
			BatchProgress unfinished = awaitStatus(second, "unfinished", BatchStatus.COMPLETED);

			assertThat(finished.done()).isEqualTo(2);
			assertThat(unfinished.done()).isEqualTo(3);
			assertThat(second.getBean(BatchTracker.class).words("finished", 0).orElseThrow())
				.containsExactly(new WordCount("restart", 2));
			// The status turns final just before the result's transaction is written.
			List<ConsumerRecord<String, byte[]>> results = await("both results").atMost(Duration.ofSeconds(30))
				.until(() -> TopicReader.readToEnd(servers, PREFIX + "batch-results", IsolationLevel.READ_COMMITTED),
						(records) -> records.stream().map(ConsumerRecord::key).distinct().count() == 2);
			assertThat(results).filteredOn((record) -> record.key().equals("finished")).hasSize(1);
			assertThat(results).filteredOn((record) -> record.key().equals("unfinished")).hasSize(1);
		}
	}

	@Test
	void restartReportsOnlyNewProgress(EmbeddedKafkaBroker broker) {
		String servers = broker.getBrokersAsString();
		try (ConfigurableApplicationContext first = startAggregator(servers, PROGRESS_PREFIX)) {
			awaitCaughtUp(first);
			publish(servers, PROGRESS_PREFIX, "idle", 3, 1);
			publish(servers, PROGRESS_PREFIX, "done-before", 1, 1);
			awaitReports(servers, "idle", (reports) -> !reports.isEmpty());
			awaitReports(servers, "done-before", (reports) -> reports.stream().anyMatch(this::isFinal));
		}
		List<BatchProgressReport> idleBefore = readReports(servers, "idle");
		List<BatchProgressReport> doneBefore = readReports(servers, "done-before");

		try (ConfigurableApplicationContext second = startAggregator(servers, PROGRESS_PREFIX)) {
			awaitCaughtUp(second);
			// Two reports of a new batch, each awaited: the second comes from a later pass over every batch than
			// the first, so a pass that would report the replayed batches has finished by then.
			publish(servers, PROGRESS_PREFIX, "marker", 3, 1);
			awaitReports(servers, "marker", (reports) -> reports.stream().anyMatch((r) -> r.pagesCounted() == 1));
			publishPage(servers, PROGRESS_PREFIX, "marker", 1);
			awaitReports(servers, "marker", (reports) -> reports.stream().anyMatch((r) -> r.pagesCounted() == 2));

			assertThat(readReports(servers, "idle")).isEqualTo(idleBefore);
			assertThat(readReports(servers, "done-before")).isEqualTo(doneBefore);
			assertThat(doneBefore).filteredOn(this::isFinal).hasSize(1);
		}
	}

	@Test
	void readyOnlyWithEveryBatchRead(EmbeddedKafkaBroker broker) {
		String servers = broker.getBrokersAsString();
		List<String> batchIds = IntStream.range(0, 40).mapToObj((i) -> "replayed-" + i).toList();
		DefaultKafkaProducerFactory<String, Object> producers = jsonProducers(servers);
		try {
			KafkaTemplate<String, Object> template = new KafkaTemplate<>(producers);
			for (String batchId : batchIds) {
				template.send(READINESS_PREFIX + "batch-events", batchId,
						BatchSubmitted.of(batchId, 5, 0, null, Instant.parse("2026-03-01T12:00:00Z")));
				for (int jobId = 0; jobId < 3; jobId++) {
					UrlJob job = UrlJob.of(batchId, jobId, "https://example.com/" + jobId);
					template.send(READINESS_PREFIX + "batch-events", batchId,
							PageCounted.of(job, Map.of("replay", 1), 10, 1));
				}
			}
			template.flush();
		}
		finally {
			producers.destroy();
		}

		try (ConfigurableApplicationContext aggregator = startAggregator(servers, READINESS_PREFIX)) {
			BatchReplayHealthIndicator batchEvents = aggregator.getBean(BatchReplayHealthIndicator.class);
			BatchTracker tracker = aggregator.getBean(BatchTracker.class);
			// The status is read before the batches, so every batch read by then was read before the status.
			long knownWhenUp = await("batch events read").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> Status.UP.equals(batchEvents.health().getStatus()) ? knownBatches(tracker, batchIds) : -1,
						(known) -> known >= 0);

			assertThat(knownWhenUp).isEqualTo(batchIds.size());
		}
	}

	@Test
	void replayEndsSoonAfterCommitMarkers(EmbeddedKafkaBroker broker) {
		String servers = broker.getBrokersAsString();
		List<String> batchIds = IntStream.range(0, 10).mapToObj((i) -> "committed-" + i).toList();
		DefaultKafkaProducerFactory<String, Object> producers = jsonProducers(servers);
		producers.setTransactionIdPrefix("restart-test-");
		try {
			// One transaction over both partitions, so each partition ends with a commit marker, not an event.
			new KafkaTemplate<>(producers).executeInTransaction((template) -> {
				batchIds.forEach((batchId) -> template.send(MARKERS_PREFIX + "batch-events", batchId,
						BatchSubmitted.of(batchId, 5, 0, null, Instant.parse("2026-03-01T12:00:00Z"))));
				return null;
			});
		}
		finally {
			producers.destroy();
		}

		try (ConfigurableApplicationContext aggregator = startAggregator(servers, MARKERS_PREFIX)) {
			BatchReplayHealthIndicator batchEvents = aggregator.getBean(BatchReplayHealthIndicator.class);
			BatchTracker tracker = aggregator.getBean(BatchTracker.class);
			await("batch events read").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> knownBatches(tracker, batchIds) == batchIds.size());
			long allKnown = System.nanoTime();
			await("replay ended").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> Status.UP.equals(batchEvents.health().getStatus()));

			// The end of a replay is seen when the container falls idle: 0.5 s without records, checked when a
			// poll returns. With Spring Kafka's default poll timeout of 5 s it came about 5 s after the last event.
			assertThat(Duration.ofNanos(System.nanoTime() - allKnown)).isLessThan(Duration.ofMillis(2500));
		}
	}

	private static long knownBatches(BatchTracker tracker, List<String> batchIds) {
		return batchIds.stream().filter((batchId) -> tracker.progress(batchId).isPresent()).count();
	}

	/** Waits until the aggregator has read both partitions of the batch-events topic to their ends. */
	private static void awaitCaughtUp(ConfigurableApplicationContext context) {
		BatchTracker tracker = context.getBean(BatchTracker.class);
		await("both partitions caught up").atMost(Duration.ofSeconds(30))
			.until(() -> tracker.isCaughtUp(0) && tracker.isCaughtUp(1));
	}

	private boolean isFinal(BatchProgressReport report) {
		return report.status().isFinal();
	}

	private static List<BatchProgressReport> readReports(String servers, String batchId) {
		return TopicReader.readToEnd(servers, PROGRESS_PREFIX + "batch-progress", IsolationLevel.READ_COMMITTED)
			.stream()
			.filter((record) -> record.key().equals(batchId))
			.map((record) -> Json.mapper().readValue(record.value(), BatchProgressReport.class))
			.toList();
	}

	private static void awaitReports(String servers, String batchId,
			Predicate<List<BatchProgressReport>> condition) {
		await("progress reports of " + batchId).atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> readReports(servers, batchId), condition);
	}

	private static ConfigurableApplicationContext startAggregator(String servers) {
		return startAggregator(servers, PREFIX);
	}

	private static ConfigurableApplicationContext startAggregator(String servers, String prefix) {
		return new SpringApplicationBuilder(AggregatorApplication.class).web(WebApplicationType.NONE)
			.properties(Map.of("spring.config.name", AggregatorApplication.CONFIG_NAMES))
			.run("--spring.kafka.bootstrap-servers=" + servers, "--wordfleet.topics.prefix=" + prefix,
					"--wordfleet.topics.events-partitions=2");
	}

	private static BatchProgress awaitStatus(ConfigurableApplicationContext context, String batchId,
			BatchStatus status) {
		BatchTracker tracker = context.getBean(BatchTracker.class);
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> tracker.progress(batchId).orElse(null),
					(progress) -> progress != null && progress.status() == status);
	}

	/** Publishes a batch's manifest and the pages of its first {@code pages} jobs. */
	private static void publish(String servers, String batchId, int urlCount, int pages) {
		publish(servers, PREFIX, batchId, urlCount, pages);
	}

	private static void publish(String servers, String prefix, String batchId, int urlCount, int pages) {
		send(servers, prefix + "batch-events", batchId,
				BatchSubmitted.of(batchId, urlCount, 0, null, Instant.parse("2026-03-01T12:00:00Z")));
		for (int jobId = 0; jobId < pages; jobId++) {
			publishPage(servers, prefix, batchId, jobId);
		}
	}

	private static void publishPage(String servers, String batchId, int jobId) {
		publishPage(servers, PREFIX, batchId, jobId);
	}

	private static void publishPage(String servers, String prefix, String batchId, int jobId) {
		UrlJob job = UrlJob.of(batchId, jobId, "https://example.com/" + jobId);
		send(servers, prefix + "batch-events", batchId, PageCounted.of(job, Map.of("restart", 1), 10, 1));
	}

	/** Creates a factory of producers that write JSON values, which the caller destroys. */
	private static DefaultKafkaProducerFactory<String, Object> jsonProducers(String servers) {
		return new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(servers), new StringSerializer(),
				Json.valueSerializer());
	}

	/** Publishes an event as JSON and waits for the broker's acknowledgment. */
	private static void send(String servers, String topic, String key, Object event) {
		DefaultKafkaProducerFactory<String, Object> producers = jsonProducers(servers);
		try {
			new KafkaTemplate<>(producers).send(topic, key, event).join();
		}
		finally {
			producers.destroy();
		}
	}

}
