package dev.wordfleet.aggregator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.protocol.UrlJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The aggregator's Actuator endpoints against a real broker: the probes, and the batch and Kafka client metrics after
 * a batch was decided.
 */
@SpringBootTest(classes = AggregatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + AggregatorApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"wordfleet.topics.prefix=actuator-test.", "wordfleet.topics.jobs-partitions=1",
				"wordfleet.topics.events-partitions=1" })
@EmbeddedKafka
@DirtiesContext
class AggregatorActuatorTest {

	@LocalServerPort
	private int port;

	@Value("${spring.embedded.kafka.brokers}")
	private String brokers;

	@Autowired
	private TopicProperties topics;

	private AggregatorHttp api;

	@BeforeEach
	void createClient() {
		this.api = new AggregatorHttp(this.port);
	}

	@AfterEach
	void closeClient() {
		this.api.close();
	}

	@Test
	void readinessUpWithKafka() throws Exception {
		// The batch events are read once the group has assigned their partition, shortly after the start.
		HttpResponse<String> response = await("readiness").atMost(Duration.ofSeconds(30))
			.until(() -> this.api.get("/actuator/health/readiness"), (answer) -> answer.statusCode() == 200);

		assertThat(Json.mapper().readTree(response.body()).at("/components/kafka/status").asString()).isEqualTo("UP");
		assertThat(Json.mapper().readTree(response.body()).at("/components/batchEvents/status").asString())
			.isEqualTo("UP");
	}

	@Test
	void livenessUp() throws Exception {
		assertThat(this.api.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	@Test
	void prometheusExportsBatchAndConsumerMetricsAfterBatch() throws Exception {
		// Submitted a minute ago, so the recorded duration is about 60 seconds.
		String batchId = "metrics";
		Instant submittedAt = Instant.now().minusSeconds(60);
		try (BatchEventSender events = new BatchEventSender(this.brokers, this.topics.batchEvents())) {
			events.send(batchId, BatchSubmitted.of(batchId, 2, 0, null, submittedAt));
			for (int jobId = 0; jobId < 2; jobId++) {
				UrlJob job = UrlJob.of(batchId, jobId, "https://example.com/" + jobId);
				events.send(batchId, PageCounted.of(job, Map.of("word", 1), 10, 1));
			}
		}

		String scrape = await().atMost(Duration.ofSeconds(60))
			.until(() -> this.api.get("/actuator/prometheus").body(),
					(body) -> !values(body, "wordfleet_batch_duration_seconds_count", "status=\"COMPLETED\"")
						.isEmpty());

		assertThat(values(scrape, "wordfleet_batch_duration_seconds_count", "status=\"COMPLETED\""))
			.containsExactly(1.0);
		assertThat(values(scrape, "wordfleet_batch_duration_seconds_sum", "status=\"COMPLETED\"")).singleElement()
			.satisfies((seconds) -> assertThat(seconds).isBetween(60.0, 600.0));
		assertThat(values(scrape, "wordfleet_batches_running", "")).containsExactly(0.0);
		assertThat(values(scrape, "wordfleet_batches_pending_jobs", "")).containsExactly(0.0);
		// The batch-events consumer, built beside Spring Boot's factory, read the manifest and two pages.
		assertThat(values(scrape, "kafka_consumer_fetch_manager_records_consumed_total", "client_id=")).singleElement()
			.satisfies((records) -> assertThat(records).isGreaterThanOrEqualTo(3.0));
		assertThat(values(scrape, "kafka_consumer_fetch_manager_records_lag_max", "client_id=")).isNotEmpty()
			.allSatisfy((lag) -> assertThat(lag).isBetween(0.0, 3.0));
		// The decision and the result, in one transaction. A progress report published while that transaction is
		// open takes a second producer of the transactional factory, with a client id of its own.
		assertThat(values(scrape, "kafka_producer_record_send_total", "client_id=")).isNotEmpty()
			.satisfies((sent) -> assertThat(sent.stream().mapToDouble(Double::doubleValue).sum())
				.isGreaterThanOrEqualTo(2.0));
	}

	/** Returns the values of a metric's samples whose labels contain the given text, from Prometheus text. */
	private static List<Double> values(String scrape, String metric, String label) {
		return scrape.lines()
			.filter((line) -> line.matches(metric + "[{ ].*") && line.contains(label))
			.map((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.toList();
	}

}
