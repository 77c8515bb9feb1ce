package dev.wordfleet.producer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import dev.wordfleet.protocol.Json;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer's Actuator endpoints against a real broker: the probes, and the Kafka producer metrics after a batch
 * was published.
 */
@SpringBootTest(classes = ProducerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + ProducerApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"wordfleet.topics.prefix=actuator-test.", "wordfleet.topics.jobs-partitions=2",
				"wordfleet.topics.events-partitions=1" })
@EmbeddedKafka
@DirtiesContext
class ProducerActuatorTest {

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@AfterEach
	void closeClient() {
		this.http.close();
	}

	@Test
	void readinessUpWithKafka() throws Exception {
		HttpResponse<String> response = get("/actuator/health/readiness");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Json.mapper().readTree(response.body()).at("/components/kafka/status").asString()).isEqualTo("UP");
	}

	@Test
	void livenessUp() throws Exception {
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	@Test
	void prometheusExportsProducerMetricsAfterBatch() throws Exception {
		HttpResponse<String> submitted = post("/batches", "https://example.com/a\nhttps://example.com/b\n");
		assertThat(submitted.statusCode()).isEqualTo(202);

		String scrape = get("/actuator/prometheus").body();

		// The manifest and two jobs, in one transaction.
		assertThat(values(scrape, "kafka_producer_record_send_total", "client_id=")).isNotEmpty()
			.allSatisfy((sent) -> assertThat(sent).isGreaterThanOrEqualTo(3.0));
		assertThat(values(scrape, "kafka_producer_txn_commit_time_ns_total", "client_id=")).singleElement()
			.satisfies((nanos) -> assertThat(nanos).isPositive());
		assertThat(values(scrape, "http_server_requests_seconds_count", "uri=\"/batches\"")).isNotEmpty();
	}

	/** Returns the values of a metric's samples whose labels contain the given text, from Prometheus text. */
	private static List<Double> values(String scrape, String metric, String label) {
		return scrape.lines()
			.filter((line) -> line.matches(metric + "[{ ].*") && line.contains(label))
			.map((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.toList();
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "text/plain; charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
