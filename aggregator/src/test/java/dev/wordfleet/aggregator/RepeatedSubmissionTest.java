package dev.wordfleet.aggregator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import dev.wordfleet.api.ApiTestClient;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.protocol.UrlJob;
import tools.jackson.databind.JsonNode;

import static dev.wordfleet.api.ApiTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch published twice under one id, as two producer instances do when both take the same idempotency key at the
 * same moment: the aggregator merges each job once, and a second batch with other contents fails the batch.
 */
@SpringBootTest(classes = AggregatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + AggregatorApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"wordfleet.topics.prefix=repeated-test.", "wordfleet.topics.jobs-partitions=1",
				"wordfleet.topics.events-partitions=2" })
@EmbeddedKafka
@DirtiesContext
class RepeatedSubmissionTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	/** Submission times near the present, so that deadlines after them are still ahead. */
	private static final Instant FIRST = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private static final Instant SECOND = FIRST.plusSeconds(2);

	@LocalServerPort
	private int port;

	@Value("${spring.embedded.kafka.brokers}")
	private String brokers;

	@Autowired
	private TopicProperties topics;

	private DefaultKafkaProducerFactory<String, Object> producerFactory;

	private KafkaTemplate<String, Object> events;

	private ApiTestClient client;

	@BeforeEach
	void open() {
		this.producerFactory = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.brokers), new StringSerializer(),
				Json.valueSerializer());
		this.events = new KafkaTemplate<>(this.producerFactory);
		this.client = new ApiTestClient(this.port);
	}

	@AfterEach
	void close() {
		this.producerFactory.destroy();
		this.client.close();
	}

	private void send(String batchId, Object event) throws Exception {
		this.events.send(this.topics.batchEvents(), batchId, event).get(30, TimeUnit.SECONDS);
	}

	private static PageCounted page(String batchId, int jobId, Map<String, Integer> counts) {
		long words = counts.values().stream().mapToLong(Integer::longValue).sum();
		return PageCounted.of(UrlJob.of(batchId, jobId, "https://example.com/" + jobId), counts, 100, words);
	}

	private JsonNode awaitStatus(String batchId, BatchStatus status) {
		return Awaitility.await("batch " + batchId + " " + status)
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				HttpResponse<String> response = this.client.get("/batches/" + batchId, Map.of());
				return (response.statusCode() == 200) ? json(response) : null;
			}, (progress) -> progress != null && progress.get("status").asString().equals(status.name()));
	}

	@Test
	void batchPublishedTwiceCountsEachJobOnce() throws Exception {
		String batchId = "published-twice";
		send(batchId, BatchSubmitted.of(batchId, 2, 0, null, FIRST));
		send(batchId, page(batchId, 0, Map.of("the", 3, "fox", 1)));
		// The second publication: its manifest, then the outcome of its copy of job 0, fetched again.
		send(batchId, BatchSubmitted.of(batchId, 2, 0, null, SECOND));
		send(batchId, page(batchId, 0, Map.of("the", 3, "fox", 1)));
		send(batchId, page(batchId, 1, Map.of("the", 2, "jumps", 1)));
		send(batchId, page(batchId, 1, Map.of("the", 2, "jumps", 1)));

		JsonNode progress = awaitStatus(batchId, BatchStatus.COMPLETED);
		HttpResponse<String> words = this.client.get("/batches/" + batchId + "/words?format=tsv", Map.of());

		assertThat(progress.get("done").asInt()).isEqualTo(2);
		assertThat(progress.get("totalWords").asLong()).isEqualTo(7);
		assertThat(progress.get("submittedAt").asString()).isEqualTo(FIRST.toString());
		assertThat(words.body()).isEqualTo("the\t5\nfox\t1\njumps\t1\n");
	}

	@Test
	void repeatedManifestWithSameDeadlineIsAccepted() throws Exception {
		String batchId = "same-deadline";
		send(batchId, BatchSubmitted.of(batchId, 1, 0, FIRST.plus(Duration.ofHours(1)), FIRST));
		send(batchId, BatchSubmitted.of(batchId, 1, 0, SECOND.plus(Duration.ofHours(1)), SECOND));
		send(batchId, page(batchId, 0, Map.of("word", 1)));

		JsonNode progress = awaitStatus(batchId, BatchStatus.COMPLETED);

		assertThat(progress.get("done").asInt()).isEqualTo(1);
	}

	@Test
	void repeatedIdWithOtherContentsFailsBatch() throws Exception {
		String batchId = "other-contents";
		send(batchId, BatchSubmitted.of(batchId, 2, 0, null, FIRST));
		send(batchId, BatchSubmitted.of(batchId, 3, 0, null, SECOND));

		JsonNode progress = awaitStatus(batchId, BatchStatus.FAILED);

		assertThat(progress.get("statusReason").asString()).contains("submitted again with other contents",
				"3 URLs", "instead of 2 URLs", this.topics.deadLetters());
	}

}
