package dev.wordfleet.producer.batch;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
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
				"wordfleet.topics.prefix=idempotency-test.", "wordfleet.topics.jobs-partitions=3",
				"wordfleet.topics.events-partitions=2" })
@EmbeddedKafka
@DirtiesContext
class IdempotentSubmissionTest {

	private static final String JSON = "application/json";

	private static final String TEXT = "text/plain; charset=UTF-8";

	private static final String URLS = """
			["https://example.com/a", "https://example.com/b", "https://example.com/c"]""";

	@LocalServerPort
	private int port;

	@Value("${spring.embedded.kafka.brokers}")
	private String brokers;

	@Autowired
	private TopicProperties topics;

	@Autowired
	private SubmissionLedger ledger;

	private ApiTestClient client;

	@BeforeEach
	void openClient() {
		this.client = new ApiTestClient(this.port);
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	private HttpResponse<String> submit(ApiTestClient to, String key, String body) throws Exception {
		return to.post("/batches", JSON, body, Map.of("Idempotency-Key", key));
	}

	/** Returns the committed records of a topic that belong to the batch. */
	private List<ConsumerRecord<String, byte[]>> committed(String topic, String batchId) {
		return TopicReader.readToEnd(this.brokers, topic, IsolationLevel.READ_COMMITTED)
			.stream()
			.filter((record) -> record.key().equals(batchId) || record.key().startsWith(batchId + "/"))
			.toList();
	}

	@Test
	void retriedSubmissionPublishesOneBatch() throws Exception {
		HttpResponse<String> first = submit(this.client, "retry-key-1", URLS);
		HttpResponse<String> second = submit(this.client, "retry-key-1", URLS);
		String batchId = json(first).get("batchId").asString();

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(json(second).get("batchId").asString()).isEqualTo(batchId);
		assertThat(json(second).get("submittedAt").asString()).isEqualTo(json(first).get("submittedAt").asString());
		assertThat(committed(this.topics.jobs(), batchId)).hasSize(3);
		assertThat(committed(this.topics.batchEvents(), batchId)).hasSize(1);
		assertThat(committed(this.topics.submissions(), batchId)).hasSize(1);
	}

	@Test
	void sameUrlsAsTextCountAsSameSubmission() throws Exception {
		HttpResponse<String> first = submit(this.client, "retry-key-text", URLS);
		HttpResponse<String> asText = this.client.post("/batches", TEXT,
				"https://example.com/a\nhttps://example.com/b\nhttps://example.com/c\n",
				Map.of("Idempotency-Key", "retry-key-text"));

		assertThat(asText.statusCode()).isEqualTo(200);
		assertThat(json(asText).get("batchId").asString()).isEqualTo(json(first).get("batchId").asString());
	}

	@Test
	void sameKeyWithOtherUrlsIsRejected() throws Exception {
		HttpResponse<String> first = submit(this.client, "retry-key-2", URLS);
		String batchId = json(first).get("batchId").asString();

		HttpResponse<String> other = submit(this.client, "retry-key-2", "[\"https://example.com/other\"]");
		JsonNode problem = json(other);

		assertThat(other.statusCode()).isEqualTo(422);
		assertThat(problem.get("title").asString()).isEqualTo("Batch id already used");
		assertThat(problem.get("batchId").asString()).isEqualTo(batchId);
		assertThat(problem.get("detail").asString()).contains("other URLs or options", "nothing was published");
		assertThat(committed(this.topics.jobs(), batchId)).hasSize(3);
	}

	@Test
	void sameKeyWithOtherOptionsIsRejected() throws Exception {
		submit(this.client, "retry-key-3", URLS);

		HttpResponse<String> other = this.client.post("/batches?maxFailures=1", JSON, URLS,
				Map.of("Idempotency-Key", "retry-key-3"));

		assertThat(other.statusCode()).isEqualTo(422);
	}

	@Test
	void keyDeterminesBatchId() throws Exception {
		HttpResponse<String> response = submit(this.client, "retry-key-4", URLS);

		assertThat(json(response).get("batchId").asString()).isEqualTo(BatchIds.fromKey("retry-key-4"));
	}

	@Test
	void chosenBatchIdIsUsedOnce() throws Exception {
		HttpResponse<String> first = this.client.post("/batches?batchId=nightly-2026-03-01", JSON, URLS, Map.of());
		HttpResponse<String> second = this.client.post("/batches?batchId=nightly-2026-03-01", JSON, URLS, Map.of());

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(json(first).get("batchId").asString()).isEqualTo("nightly-2026-03-01");
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(committed(this.topics.jobs(), "nightly-2026-03-01")).hasSize(3);
	}

	@Test
	void invalidBatchIdIsRejected() throws Exception {
		HttpResponse<String> response = this.client.post("/batches?batchId=a%2Fb", JSON, URLS, Map.of());
		JsonNode problem = json(response);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(problem.get("title").asString()).isEqualTo("Invalid batch id");
		assertThat(problem.get("detail").asString()).contains("\"a/b\"", "1 to 100 letters");
	}

	@Test
	void tooLongBatchIdIsRejected() throws Exception {
		HttpResponse<String> response = this.client.post("/batches?batchId=" + "x".repeat(101), JSON, URLS,
				Map.of());

		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void keyAndBatchIdTogetherAreRejected() throws Exception {
		HttpResponse<String> response = this.client.post("/batches?batchId=both", JSON, URLS,
				Map.of("Idempotency-Key", "retry-key-5"));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("detail").asString()).contains("not both");
	}

	@Test
	void otherProducerInstanceRecognizesSubmission() throws Exception {
		HttpResponse<String> first = submit(this.client, "retry-key-6", URLS);
		String batchId = json(first).get("batchId").asString();

		// A second producer with its own memory stands for a restarted producer or another instance.
		try (ConfigurableApplicationContext other = new SpringApplicationBuilder(ProducerApplication.class)
			.properties("spring.config.name=" + ProducerApplication.CONFIG_NAMES)
			.run("--server.port=0", "--spring.kafka.bootstrap-servers=" + this.brokers,
					"--wordfleet.topics.prefix=idempotency-test.", "--wordfleet.topics.jobs-partitions=3",
					"--wordfleet.topics.events-partitions=2");
				ApiTestClient otherClient = new ApiTestClient(
						other.getEnvironment().getRequiredProperty("local.server.port", Integer.class))) {
			HttpResponse<String> repeated = submit(otherClient, "retry-key-6", URLS);
			HttpResponse<String> conflicting = submit(otherClient, "retry-key-6", "[\"https://example.com/x\"]");

			assertThat(repeated.statusCode()).isEqualTo(200);
			assertThat(json(repeated).get("batchId").asString()).isEqualTo(batchId);
			assertThat(conflicting.statusCode()).isEqualTo(422);
		}
		assertThat(committed(this.topics.jobs(), batchId)).hasSize(3);
		assertThat(committed(this.topics.batchEvents(), batchId)).hasSize(1);
	}

	@Test
	void unreadableLedgerRejectsKeyedSubmission() throws Exception {
		this.ledger.stop();
		HttpResponse<String> response;
		try {
			response = submit(this.client, "retry-key-7", URLS);
		}
		finally {
			this.ledger.start();
		}
		JsonNode problem = json(response);

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(problem.get("title").asString()).isEqualTo("Submissions unavailable");
		assertThat(problem.get("detail").asString()).contains("repeat the request later", "nothing was published");
		assertThat(committed(this.topics.jobs(), BatchIds.fromKey("retry-key-7"))).isEmpty();
	}

	@Test
	void submissionsWithoutKeyStayIndependent() throws Exception {
		HttpResponse<String> first = this.client.post("/batches", JSON, URLS, Map.of());
		HttpResponse<String> second = this.client.post("/batches", JSON, URLS, Map.of());

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(second.statusCode()).isEqualTo(202);
		assertThat(json(second).get("batchId").asString()).isNotEqualTo(json(first).get("batchId").asString());
	}

}
