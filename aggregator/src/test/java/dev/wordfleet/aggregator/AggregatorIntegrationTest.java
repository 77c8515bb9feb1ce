package dev.wordfleet.aggregator;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import dev.wordfleet.protocol.BatchResult;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.CancelBatch;
import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.protocol.UrlJob;
import dev.wordfleet.protocol.WordCount;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = AggregatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + AggregatorApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"wordfleet.topics.prefix=aggregator-test.", "wordfleet.topics.jobs-partitions=2",
				"wordfleet.topics.events-partitions=2" })
@EmbeddedKafka
@DirtiesContext
class AggregatorIntegrationTest {

	/** Maximum wait for the aggregator to read, merge and publish. */
	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final Instant SUBMITTED_AT = Instant.parse("2026-03-01T12:00:00Z");

	@LocalServerPort
	private int port;

	@Value("${spring.embedded.kafka.brokers}")
	private String brokers;

	@Autowired
	private TopicProperties topics;

	private AggregatorHttp http;

	/** Writes byte arrays as they are and every other value as JSON. */
	private BatchEventSender events;

	@BeforeEach
	void createClients() {
		this.http = new AggregatorHttp(this.port);
		this.events = new BatchEventSender(this.brokers, this.topics.batchEvents());
	}

	@AfterEach
	void closeClients() {
		this.events.close();
		this.http.close();
	}

	private void send(String key, Object value) throws Exception {
		this.events.send(key, value);
	}

	private static UrlJob job(String batchId, int jobId) {
		return UrlJob.of(batchId, jobId, "https://example.com/" + jobId);
	}

	/** Publishes a batch of two pages whose merged counts are the=5, fox=2, jumps=1 and quick=1. */
	private void publishCountedBatch(String batchId) throws Exception {
		send(batchId, BatchSubmitted.of(batchId, 2, 0, null, SUBMITTED_AT));
		send(batchId, PageCounted.of(job(batchId, 0), Map.of("the", 3, "quick", 1, "fox", 1), 500, 5));
		send(batchId, PageCounted.of(job(batchId, 1), Map.of("the", 2, "fox", 1, "jumps", 1), 300, 4));
	}

	private void publishFailingBatch(String batchId) throws Exception {
		send(batchId, BatchSubmitted.of(batchId, 3, 0, null, SUBMITTED_AT));
		send(batchId, PageCounted.of(job(batchId, 0), Map.of("the", 1), 100, 1));
		send(batchId, JobFailed.of(job(batchId, 1), FailureKind.HTTP_STATUS, "HTTP 503"));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.get(path);
	}

	private HttpResponse<String> post(String path) throws Exception {
		return this.http.post(path);
	}

	private static JsonNode json(HttpResponse<String> response) {
		return Json.mapper().readTree(response.body());
	}

	private JsonNode awaitStatus(String batchId, BatchStatus status) {
		return Awaitility.await("batch " + batchId + " " + status)
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				HttpResponse<String> response = get("/batches/" + batchId);
				return (response.statusCode() == 200) ? json(response) : null;
			}, (progress) -> progress != null && progress.get("status").asString().equals(status.name()));
	}

	private List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, String key) {
		return Awaitility.await("a record keyed " + key + " on " + topic)
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> TopicReader.readToEnd(this.brokers, topic, IsolationLevel.READ_COMMITTED)
				.stream()
				.filter((record) -> key.equals(record.key()))
				.toList(), (records) -> !records.isEmpty());
	}

	/**
	 * Returns the first result published for a batch. NOTE: the count is not checked, because the listener and the
	 * deadline check can both publish one batch's result (see BatchTrackerTest.concurrentSettleStillPublishesOnce).
	 */
	private BatchResult awaitResult(String batchId) {
		List<ConsumerRecord<String, byte[]>> records = awaitRecords(this.topics.batchResults(), batchId);
		return Json.mapper().readValue(records.getFirst().value(), BatchResult.class);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		assertThat(header).as("header %s", name).isNotNull();
		return new String(header.value(), StandardCharsets.UTF_8);
	}

	@Test
	void completedBatchShowsProgress() throws Exception {
		publishCountedBatch("progress");

		JsonNode progress = awaitStatus("progress", BatchStatus.COMPLETED);

		assertThat(progress.get("batchId").asString()).isEqualTo("progress");
		assertThat(progress.get("urlCount").asInt()).isEqualTo(2);
		assertThat(progress.get("done").asInt()).isEqualTo(2);
		assertThat(progress.get("failed").asInt()).isZero();
		assertThat(progress.get("pending").asInt()).isZero();
		assertThat(progress.get("totalWords").asLong()).isEqualTo(9);
		assertThat(progress.get("distinctWords").asLong()).isEqualTo(4);
		assertThat(progress.get("pageBytes").asLong()).isEqualTo(800);
	}

	@Test
	void wordsAsTsv() throws Exception {
		publishCountedBatch("tsv");
		awaitStatus("tsv", BatchStatus.COMPLETED);

		HttpResponse<String> response = get("/batches/tsv/words?format=tsv");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/tab-separated-values;charset=UTF-8");
		assertThat(response.body()).isEqualTo("the\t5\nfox\t2\njumps\t1\nquick\t1\n");
	}

	@Test
	void topWordAsCsv() throws Exception {
		publishCountedBatch("csv");
		awaitStatus("csv", BatchStatus.COMPLETED);

		HttpResponse<String> response = get("/batches/csv/words?top=1&format=csv");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
		assertThat(response.body()).isEqualTo("word,count\r\nthe,5\r\n");
	}

	@Test
	void wordsAsJsonArray() throws Exception {
		publishCountedBatch("json");
		awaitStatus("json", BatchStatus.COMPLETED);

		HttpResponse<String> response = get("/batches/json/words?format=json");
		JsonNode words = json(response);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
		assertThat(words.isArray()).isTrue();
		assertThat(words.size()).isEqualTo(4);
		assertThat(words.get(0).get("word").asString()).isEqualTo("the");
		assertThat(words.get(0).get("count").asLong()).isEqualTo(5);
	}

	@Test
	void cancelRequestCancelsRunningBatch() throws Exception {
		send("to-cancel", BatchSubmitted.of("to-cancel", 3, 0, null, SUBMITTED_AT));
		awaitStatus("to-cancel", BatchStatus.RUNNING);

		HttpResponse<String> response = post("/batches/to-cancel/cancel");

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(json(response).get("status").asString()).isEqualTo("CANCELLED");
		List<ConsumerRecord<String, byte[]>> cancels = awaitRecords(this.topics.cancels(), "to-cancel");
		assertThat(Json.mapper().readValue(cancels.getFirst().value(), CancelBatch.class).reason())
			.isEqualTo("cancelled on request");
		assertThat(awaitResult("to-cancel").status()).isEqualTo(BatchStatus.CANCELLED);
	}

	@Test
	void cancelRequestForFinishedBatchConflicts() throws Exception {
		publishCountedBatch("finished-before-cancel");
		awaitStatus("finished-before-cancel", BatchStatus.COMPLETED);

		HttpResponse<String> response = post("/batches/finished-before-cancel/cancel");

		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(json(response).get("detail").asString()).contains("already completed");
	}

	@Test
	void cancelRequestForUnknownBatchNotFound() throws Exception {
		assertThat(post("/batches/never-submitted/cancel").statusCode()).isEqualTo(404);
	}

	@Test
	void unknownBatchNotFound() throws Exception {
		HttpResponse<String> response = get("/batches/no-such-batch");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response).get("detail").asString()).contains("no-such-batch");
	}

	@Test
	void unknownBatchWordsNotFound() throws Exception {
		HttpResponse<String> response = get("/batches/no-such-batch/words?format=tsv");

		assertThat(response.statusCode()).isEqualTo(404);
	}

	@Test
	void tableFormatRejected() throws Exception {
		publishCountedBatch("table");
		awaitStatus("table", BatchStatus.COMPLETED);

		HttpResponse<String> response = get("/batches/table/words?format=table");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("detail").asString()).contains("json, tsv or csv");
	}

	@Test
	void unknownFormatRejected() throws Exception {
		HttpResponse<String> response = get("/batches/any/words?format=xml");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("detail").asString()).contains("\"xml\"");
	}

	@Test
	void completedBatchPublishesResult() throws Exception {
		publishCountedBatch("result");

		BatchResult result = awaitResult("result");

		assertThat(result.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(result.urlCount()).isEqualTo(2);
		assertThat(result.pagesCounted()).isEqualTo(2);
		assertThat(result.totalWords()).isEqualTo(9);
		assertThat(result.topWords()).containsExactly(new WordCount("the", 5), new WordCount("fox", 2),
				new WordCount("jumps", 1), new WordCount("quick", 1));
	}

	@Test
	void failedJobCancelsBatch() throws Exception {
		publishFailingBatch("cancelled");

		List<ConsumerRecord<String, byte[]>> cancels = awaitRecords(this.topics.cancels(), "cancelled");
		CancelBatch cancel = Json.mapper().readValue(cancels.getFirst().value(), CancelBatch.class);

		assertThat(cancel.batchId()).isEqualTo("cancelled");
		assertThat(cancel.reason()).startsWith("job 1 failed (HTTP_STATUS)");
	}

	@Test
	void failedJobPublishesFailedResult() throws Exception {
		publishFailingBatch("failed");

		BatchResult result = awaitResult("failed");

		assertThat(result.status()).isEqualTo(BatchStatus.FAILED);
		assertThat(result.pagesCounted()).isEqualTo(1);
		assertThat(result.pagesFailed()).isEqualTo(1);
		assertThat(result.failures()).extracting(JobFailed::jobId).containsExactly(1);
		assertThat(awaitStatus("failed", BatchStatus.FAILED).get("statusReason").asString())
			.contains("HTTP 503");
	}

	@Test
	void invalidJsonGoesToDeadLetters() throws Exception {
		byte[] malformed = "{\"type\": \"page-counted\", \"batchId\": ".getBytes(StandardCharsets.UTF_8);
		send("invalid-json", malformed);

		List<ConsumerRecord<String, byte[]>> deadLetters = awaitRecords(this.topics.deadLetters(), "invalid-json");

		assertThat(deadLetters).hasSize(1);
		assertThat(deadLetters.getFirst().value()).isEqualTo(malformed);
		assertThat(header(deadLetters.getFirst(), KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
		assertThat(header(deadLetters.getFirst(), KafkaHeaders.DLT_EXCEPTION_FQCN))
			.isEqualTo(DeserializationException.class.getName());
		assertThat(header(deadLetters.getFirst(), KafkaHeaders.DLT_ORIGINAL_TOPIC))
			.isEqualTo(this.topics.batchEvents());
	}

	@Test
	void missingFieldGoesToDeadLetters() throws Exception {
		byte[] incomplete = """
				{"type": "page-counted", "version": 1, "batchId": "missing-field", "jobId": 0,
				 "url": "https://example.com/"}""".getBytes(StandardCharsets.UTF_8);
		send("missing-field", incomplete);

		List<ConsumerRecord<String, byte[]>> deadLetters = awaitRecords(this.topics.deadLetters(), "missing-field");

		assertThat(deadLetters).hasSize(1);
		assertThat(deadLetters.getFirst().value()).isEqualTo(incomplete);
		assertThat(header(deadLetters.getFirst(), KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
		assertThat(header(deadLetters.getFirst(), KafkaHeaders.DLT_EXCEPTION_FQCN))
			.isEqualTo(DeserializationException.class.getName());
	}

	@Test
	void batchAfterMalformedRecordCompletes() throws Exception {
		send("malformed-neighbour", "not json at all".getBytes(StandardCharsets.UTF_8));
		publishCountedBatch("after-malformed");

		JsonNode progress = awaitStatus("after-malformed", BatchStatus.COMPLETED);

		assertThat(progress.get("done").asInt()).isEqualTo(2);
	}

	@Test
	void malformedEventFailsItsBatch() throws Exception {
		publishCountedBatch("malformed-member");
		awaitStatus("malformed-member", BatchStatus.COMPLETED);
		send("malformed-late", "not json at all".getBytes(StandardCharsets.UTF_8));

		JsonNode progress = awaitStatus("malformed-late", BatchStatus.FAILED);

		assertThat(progress.get("statusReason").asString()).contains(this.topics.deadLetters());
	}

}
