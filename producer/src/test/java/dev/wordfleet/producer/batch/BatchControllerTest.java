package dev.wordfleet.producer.batch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import dev.wordfleet.producer.ProducerApplication;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.protocol.UrlJob;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = ProducerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + ProducerApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"wordfleet.topics.prefix=controller-test.", "wordfleet.topics.jobs-partitions=3",
				"wordfleet.topics.events-partitions=2" })
@EmbeddedKafka
@DirtiesContext
class BatchControllerTest {

	private static final String TEXT = "text/plain; charset=UTF-8";

	private static final String JSON = "application/json";

	@LocalServerPort
	private int port;

	@Value("${spring.embedded.kafka.brokers}")
	private String brokers;

	@Autowired
	private TopicProperties topics;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@AfterEach
	void closeClient() {
		this.http.close();
	}

	private HttpResponse<String> post(String query, String contentType, String body)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/batches" + query))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return Json.mapper().readTree(response.body());
	}

	private List<UrlJob> committedJobs() {
		List<UrlJob> jobs = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : TopicReader.readToEnd(this.brokers, this.topics.jobs(),
				IsolationLevel.READ_COMMITTED)) {
			jobs.add(Json.mapper().readValue(record.value(), UrlJob.class));
		}
		return jobs;
	}

	@Test
	void jsonArrayIsAccepted() throws Exception {
		HttpResponse<String> response = post("", JSON, "[\"https://example.com/a\", \"https://example.com/b\"]");

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(json(response).get("batchId").asString()).isNotBlank();
		assertThat(json(response).get("urlCount").asInt()).isEqualTo(2);
	}

	@Test
	void plainTextWithCommentsIsAccepted() throws Exception {
		String body = "# seeds\nhttps://example.com/a\n\n  # more\n  https://example.com/b  \nhttps://example.com/c\n";

		HttpResponse<String> response = post("", TEXT, body);

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(json(response).get("urlCount").asInt()).isEqualTo(3);
	}

	@Test
	void optionsReachManifest() throws Exception {
		HttpResponse<String> response = post("?maxFailures=2&deadline=PT10M", TEXT, "https://example.com/a\n");
		JsonNode manifest = json(response);

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(manifest.get("maxFailures").asInt()).isEqualTo(2);
		Instant submittedAt = Instant.parse(manifest.get("submittedAt").asString());
		assertThat(Instant.parse(manifest.get("deadline").asString())).isEqualTo(submittedAt.plusSeconds(600));
	}

	@Test
	void invalidLinesAreListed() throws Exception {
		String body = "https://example.com/ok\nftp://example.com/f\n\n# comment\nexample\n";

		HttpResponse<String> response = post("", TEXT, body);
		JsonNode problem = json(response);
		JsonNode problems = problem.get("problems");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(problem.get("title").asString()).isEqualTo("Invalid URL list");
		assertThat(problem.get("positionName").asString()).isEqualTo("line");
		assertThat(problems.size()).isEqualTo(2);
		assertThat(problems.get(0).get("position").asInt()).isEqualTo(2);
		assertThat(problems.get(0).get("value").asString()).isEqualTo("ftp://example.com/f");
		assertThat(problems.get(0).get("reason").asString()).startsWith("unsupported scheme \"ftp\"");
		assertThat(problems.get(1).get("position").asInt()).isEqualTo(5);
		assertThat(problems.get(1).get("value").asString()).isEqualTo("example");
		assertThat(problems.get(1).get("reason").asString()).startsWith("not an absolute URL");
		assertThat(problem.get("detail").asString()).contains("nothing was published");
	}

	@Test
	void invalidJsonEntriesAreListed() throws Exception {
		HttpResponse<String> response = post("", JSON, "[\"https://example.com/a\", null, \"/relative\"]");
		JsonNode problem = json(response);
		JsonNode problems = problem.get("problems");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(problem.get("positionName").asString()).isEqualTo("entry");
		assertThat(problems.size()).isEqualTo(2);
		assertThat(problems.get(0).get("position").asInt()).isEqualTo(2);
		assertThat(problems.get(0).get("reason").asString()).isEqualTo("not a string");
		assertThat(problems.get(1).get("position").asInt()).isEqualTo(3);
		assertThat(problems.get(1).get("reason").asString()).startsWith("not an absolute URL");
	}

	@Test
	void invalidDeadlineIsRejected() throws Exception {
		HttpResponse<String> response = post("?deadline=soon", TEXT, "https://example.com/a\n");
		JsonNode problem = json(response);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(problem.get("title").asString()).isEqualTo("Invalid batch option");
		assertThat(problem.get("detail").asString()).contains("\"soon\"");
		assertThat(problem.get("detail").asString()).contains("ISO-8601");
	}

	@Test
	void negativeMaxFailuresIsRejected() throws Exception {
		HttpResponse<String> response = post("?maxFailures=-1", TEXT, "https://example.com/a\n");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("detail").asString()).contains("-1");
	}

	@Test
	void acceptedBatchReachesJobsTopic() throws Exception {
		HttpResponse<String> response = post("", JSON,
				"[\"https://example.com/x\", \"https://example.com/y\", \"https://example.com/z\"]");
		String batchId = json(response).get("batchId").asString();

		List<UrlJob> jobs = committedJobs().stream().filter((job) -> job.batchId().equals(batchId)).toList();

		assertThat(jobs).extracting(UrlJob::url)
			.containsExactlyInAnyOrder("https://example.com/x", "https://example.com/y", "https://example.com/z");
		assertThat(jobs).extracting(UrlJob::jobId).containsExactlyInAnyOrder(0, 1, 2);
	}

	@Test
	void rejectedListPublishesNothing() throws Exception {
		HttpResponse<String> rejected = post("", TEXT, "https://example.com/never-published\nexample\n");

		List<UrlJob> jobs = committedJobs();

		assertThat(rejected.statusCode()).isEqualTo(400);
		assertThat(jobs).extracting(UrlJob::url).doesNotContain("https://example.com/never-published");
	}

}
