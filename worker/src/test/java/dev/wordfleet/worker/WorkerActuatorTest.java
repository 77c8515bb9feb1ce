package dev.wordfleet.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;

import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.protocol.UrlJob;
import dev.wordfleet.worker.job.BodyMemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's Actuator endpoints against a real broker and a local HTTP server: the probes, and the Kafka client
 * and fetch metrics after jobs were fetched.
 */
@SpringBootTest(classes = WorkerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + WorkerApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"wordfleet.fetch.allow-private-networks=true", "wordfleet.fetch.retry.max-retries=0",
				"wordfleet.worker.concurrency=2" })
@EmbeddedKafka(partitions = 1)
@DirtiesContext
class WorkerActuatorTest {

	private static final TopicProperties TOPICS = TopicProperties.defaults();

	private static HttpServer server;

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedKafkaBroker broker;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void startServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			try (exchange) {
				boolean missing = exchange.getRequestURI().getPath().startsWith("/missing");
				byte[] body = (missing ? "gone" : "<html><body><p>alpha beta alpha</p></body></html>")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", missing ? "text/plain" : "text/html");
				exchange.sendResponseHeaders(missing ? 404 : 200, body.length);
				exchange.getResponseBody().write(body);
			}
		});
		server.start();
	}

	@AfterAll
	static void stopServer() {
		server.stop(0);
	}

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
	void prometheusExportsConsumerAndFetchMetricsAfterJobs() {
		DefaultKafkaProducerFactory<String, Object> producers = new DefaultKafkaProducerFactory<>(
				KafkaTestUtils.producerProps(this.broker), new StringSerializer(), Json.valueSerializer());
		KafkaTemplate<String, Object> template = new KafkaTemplate<>(producers);
		for (UrlJob job : List.of(UrlJob.of("metrics", 0, url("/a")), UrlJob.of("metrics", 1, url("/b")),
				UrlJob.of("metrics", 2, url("/missing")))) {
			template.send(TOPICS.jobs(), job.key(), job).join();
		}
		producers.destroy();

		String scrape = await().atMost(Duration.ofSeconds(60))
			.until(() -> get("/actuator/prometheus").body(),
					(body) -> sum(body, "wordfleet_pages_fetched_total", "") >= 2
							&& sum(body, "wordfleet_fetch_failures_total", "reason=\"HTTP_STATUS\"") >= 1
							// Kafka client metrics follow the client's own sampling, so they may lag a scrape.
							&& sum(body, "kafka_consumer_fetch_manager_records_consumed_total",
									"client_id=\"worker-1\"") >= 3
							// A job's outcome is published after its fetch is recorded.
							&& sum(body, "kafka_producer_record_send_total", "client_id=") >= 3);

		// The job consumer, built by the worker beside Spring Boot's factory, read the three jobs.
		assertThat(sum(scrape, "kafka_consumer_fetch_manager_records_consumed_total", "client_id=\"worker-1\""))
			.isGreaterThanOrEqualTo(3.0);
		assertThat(values(scrape, "kafka_consumer_fetch_manager_records_lag_max", "client_id=\"worker-1\""))
			.isNotEmpty()
			.allSatisfy((lag) -> assertThat(lag).isBetween(0.0, 3.0));
		// The cancel listener's consumer, also built by hand.
		assertThat(values(scrape, "kafka_consumer_fetch_manager_records_lag_max", "client_id=\"cancels\""))
			.isNotEmpty();
		// Three outcomes were published.
		assertThat(sum(scrape, "kafka_producer_record_send_total", "client_id=")).isGreaterThanOrEqualTo(3.0);
		assertThat(sum(scrape, "wordfleet_fetch_latency_seconds_count", "")).isGreaterThanOrEqualTo(3.0);
		assertThat(values(scrape, "wordfleet_fetches_in_flight", "")).containsExactly(0.0);
		assertThat(values(scrape, "wordfleet_body_memory_reserved_bytes", "")).containsExactly(0.0);
		assertThat(values(scrape, "wordfleet_body_memory_capacity_bytes", ""))
			.containsExactly((double) BodyMemory.forMaxHeap(Runtime.getRuntime().maxMemory()).capacity());
	}

	/** Returns the values of a metric's samples whose labels contain the given text, from Prometheus text. */
	private static List<Double> values(String scrape, String metric, String label) {
		return scrape.lines()
			.filter((line) -> line.matches(metric + "[{ ].*") && line.contains(label))
			.map((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.toList();
	}

	private static double sum(String scrape, String metric, String label) {
		return values(scrape, metric, label).stream().mapToDouble(Double::doubleValue).sum();
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

}
