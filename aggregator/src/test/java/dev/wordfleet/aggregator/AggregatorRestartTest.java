package dev.wordfleet.aggregator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.aggregator.batch.BatchTracker;
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
 * publishes no result twice.
 */
@EmbeddedKafka
class AggregatorRestartTest {

	private static final String PREFIX = "restart-test.";

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
			List<ConsumerRecord<String, byte[]>> results = TopicReader.readToEnd(servers, PREFIX + "batch-results",
					IsolationLevel.READ_COMMITTED);
			assertThat(results).filteredOn((record) -> record.key().equals("finished")).hasSize(1);
			assertThat(results).filteredOn((record) -> record.key().equals("unfinished")).hasSize(1);
		}
	}

	private static ConfigurableApplicationContext startAggregator(String servers) {
		return new SpringApplicationBuilder(AggregatorApplication.class).web(WebApplicationType.NONE)
			.properties(Map.of("spring.config.name", AggregatorApplication.CONFIG_NAMES))
			.run("--spring.kafka.bootstrap-servers=" + servers, "--wordfleet.topics.prefix=" + PREFIX,
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
		template(servers).send(PREFIX + "batch-events", batchId,
				BatchSubmitted.of(batchId, urlCount, 0, null, Instant.parse("2026-03-01T12:00:00Z"))).join();
		for (int jobId = 0; jobId < pages; jobId++) {
			publishPage(servers, batchId, jobId);
		}
	}

	private static void publishPage(String servers, String batchId, int jobId) {
		UrlJob job = UrlJob.of(batchId, jobId, "https://example.com/" + jobId);
		template(servers).send(PREFIX + "batch-events", batchId, PageCounted.of(job, Map.of("restart", 1), 10, 1))
			.join();
	}

	private static KafkaTemplate<String, Object> template(String servers) {
		Map<String, Object> props = KafkaTestUtils.producerProps(servers);
		return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props, new StringSerializer(),
				Json.valueSerializer()));
	}

}
