package dev.wordfleet.producer.batch;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import dev.wordfleet.api.ApiTestClient;
import dev.wordfleet.producer.ProducerApplication;
import dev.wordfleet.protocol.TopicProperties;
import tools.jackson.databind.JsonNode;

import static dev.wordfleet.api.ApiTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = ProducerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + ProducerApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"wordfleet.topics.prefix=limits-test.", "wordfleet.topics.jobs-partitions=2",
				"wordfleet.topics.events-partitions=1", "wordfleet.api.max-body-size=4KB",
				"wordfleet.api.max-urls=20" })
@EmbeddedKafka
@DirtiesContext
class RequestLimitsTest {

	private static final String TEXT = "text/plain; charset=UTF-8";

	@LocalServerPort
	private int port;

	@Value("${spring.embedded.kafka.brokers}")
	private String brokers;

	@Autowired
	private TopicProperties topics;

	private ApiTestClient client;

	@BeforeEach
	void openClient() {
		this.client = new ApiTestClient(this.port);
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	/** Returns {@code count} distinct URLs of {@code length} characters each, one per line. */
	private static String urls(int count, int length) {
		return IntStream.range(0, count).mapToObj((i) -> {
			String prefix = "https://example.com/" + i + "/";
			return prefix + "p".repeat(Math.max(0, length - prefix.length()));
		}).collect(Collectors.joining("\n", "", "\n"));
	}

	private long committedJobs() {
		return TopicReader.readToEnd(this.brokers, this.topics.jobs(), IsolationLevel.READ_COMMITTED).size();
	}

	@Test
	void bodyOverLimitIsRejected() throws Exception {
		String body = urls(10, 500);

		HttpResponse<String> response = this.client.post("/batches", TEXT, body, Map.of());
		JsonNode problem = json(response);

		assertThat(body.length()).isGreaterThan(4096);
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(problem.get("title").asString()).isEqualTo("Request body too large");
		assertThat(problem.get("limit").asLong()).isEqualTo(4096);
		assertThat(problem.get("property").asString()).isEqualTo("wordfleet.api.max-body-size");
		assertThat(problem.get("detail").asString()).contains(body.length() + " bytes", "4096 bytes",
				"wordfleet.api.max-body-size");
	}

	@Test
	void chunkedBodyOverLimitIsRejected() throws Exception {
		HttpResponse<String> response = this.client.postChunked("/batches", TEXT, urls(10, 500), Map.of());

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(json(response).get("detail").asString()).contains("more than 4096 bytes");
	}

	@Test
	void chunkedBodyWithinLimitIsAccepted() throws Exception {
		HttpResponse<String> response = this.client.postChunked("/batches", TEXT, urls(3, 40), Map.of());

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(json(response).get("urlCount").asInt()).isEqualTo(3);
	}

	@Test
	void tooManyUrlsAreRejected() throws Exception {
		long jobsBefore = committedJobs();

		HttpResponse<String> response = this.client.post("/batches", TEXT, urls(21, 30), Map.of());
		JsonNode problem = json(response);

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(problem.get("title").asString()).isEqualTo("Too many URLs");
		assertThat(problem.get("limit").asInt()).isEqualTo(20);
		assertThat(problem.get("property").asString()).isEqualTo("wordfleet.api.max-urls");
		assertThat(problem.get("detail").asString()).contains("21 URLs", "limit of 20", "wordfleet.api.max-urls");
		assertThat(committedJobs()).isEqualTo(jobsBefore);
	}

	@Test
	void batchAtUrlLimitIsAccepted() throws Exception {
		HttpResponse<String> response = this.client.post("/batches", TEXT, urls(20, 30), Map.of());

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(json(response).get("urlCount").asInt()).isEqualTo(20);
	}

}
