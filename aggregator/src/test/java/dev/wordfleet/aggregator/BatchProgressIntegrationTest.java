package dev.wordfleet.aggregator;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import dev.wordfleet.aggregator.ServerSentEvents.Event;
import dev.wordfleet.aggregator.batch.ProgressStreams;
import dev.wordfleet.protocol.BatchProgressReport;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.protocol.UrlJob;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregator's live progress against a real broker: the event stream of {@code GET /batches/{id}/events}, the
 * batch-progress topic, {@code GET /batches/{id}/failures} and large word lists.
 */
@SpringBootTest(classes = AggregatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + AggregatorApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"wordfleet.topics.prefix=progress-test.", "wordfleet.topics.jobs-partitions=2",
				"wordfleet.topics.events-partitions=2" })
@EmbeddedKafka
@DirtiesContext
class BatchProgressIntegrationTest {

	/** Maximum wait for the aggregator to read, merge and publish. */
	private static final Duration WAIT = Duration.ofSeconds(60);

	/** Maximum wait for one event of a stream. */
	private static final Duration EVENT_WAIT = Duration.ofSeconds(20);

	private static final Instant SUBMITTED_AT = Instant.parse("2026-03-01T12:00:00Z");

	@LocalServerPort
	private int port;

	@Value("${spring.embedded.kafka.brokers}")
	private String brokers;

	@Autowired
	private TopicProperties topics;

	@Autowired
	private ProgressStreams streams;

	private AggregatorHttp http;

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

	private void send(String batchId, Object event) throws Exception {
		this.events.send(batchId, event);
	}

	private void submit(String batchId, int urlCount, int maxFailures) throws Exception {
		send(batchId, BatchSubmitted.of(batchId, urlCount, maxFailures, null, SUBMITTED_AT));
	}

	private void page(String batchId, int jobId, Map<String, Integer> counts) throws Exception {
		long words = counts.values().stream().mapToLong(Integer::longValue).sum();
		send(batchId, PageCounted.of(job(batchId, jobId), counts, 100, words));
	}

	private static UrlJob job(String batchId, int jobId) {
		return UrlJob.of(batchId, jobId, "https://example.com/" + jobId);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.get(path);
	}

	private void awaitStatus(String batchId, BatchStatus status) {
		Awaitility.await("batch " + batchId + " " + status)
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				HttpResponse<String> response = get("/batches/" + batchId);
				return response.statusCode() == 200
						&& Json.mapper().readTree(response.body()).get("status").asString().equals(status.name());
			});
	}

	private static BatchProgressReport report(Event event) {
		return Json.mapper().readValue(event.data(), BatchProgressReport.class);
	}

	/** Reads events until one has {@code pagesCounted} pages counted, and returns it. */
	private static Event awaitCounted(ServerSentEvents stream, int pagesCounted) throws Exception {
		for (int read = 0; read < 100; read++) {
			Event event = stream.next(EVENT_WAIT);
			assertThat(event).as("an event with %d pages counted", pagesCounted).isNotNull();
			if (report(event).pagesCounted() >= pagesCounted) {
				return event;
			}
		}
		throw new AssertionError("no event with " + pagesCounted + " pages counted among 100 events");
	}

	private List<BatchProgressReport> progressRecords(String batchId) {
		List<BatchProgressReport> reports = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : TopicReader.readToEnd(this.brokers, this.topics.batchProgress(),
				IsolationLevel.READ_COMMITTED)) {
			if (batchId.equals(record.key())) {
				reports.add(Json.mapper().readValue(record.value(), BatchProgressReport.class));
			}
		}
		return reports;
	}

	private List<BatchProgressReport> awaitProgressRecords(String batchId, String description,
			Predicate<List<BatchProgressReport>> condition) {
		return Awaitility.await(description)
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> progressRecords(batchId), condition);
	}

	@Test
	void eventsFollowBatchUntilFinal() throws Exception {
		submit("streamed", 3, 0);
		awaitStatus("streamed", BatchStatus.RUNNING);

		try (ServerSentEvents stream = this.http.events("/batches/streamed/events")) {
			assertThat(stream.response().statusCode()).isEqualTo(200);
			assertThat(stream.response().headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/event-stream"));
			Event first = stream.next(EVENT_WAIT);
			assertThat(first).isNotNull();
			assertThat(first.name()).isEqualTo("progress");
			assertThat(report(first).pagesPending()).isEqualTo(3);

			page("streamed", 0, Map.of("one", 1));
			Event second = awaitCounted(stream, 1);
			page("streamed", 1, Map.of("two", 2));
			page("streamed", 2, Map.of("three", 3));
			Event last = awaitCounted(stream, 3);

			assertThat(second.name()).isEqualTo("progress");
			assertThat(report(second).status()).isEqualTo(BatchStatus.RUNNING);
			assertThat(last.name()).isEqualTo("final");
			assertThat(report(last).status()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(report(last).totalWords()).isEqualTo(6);
			assertThat(stream.next(EVENT_WAIT)).as("the end of the stream after the final event").isNull();
		}
	}

	@Test
	void eventsOfFinishedBatchAreOneFinalEvent() throws Exception {
		submit("finished-stream", 1, 0);
		page("finished-stream", 0, Map.of("done", 2));
		awaitStatus("finished-stream", BatchStatus.COMPLETED);

		try (ServerSentEvents stream = this.http.events("/batches/finished-stream/events")) {
			Event only = stream.next(EVENT_WAIT);

			assertThat(only).isNotNull();
			assertThat(only.name()).isEqualTo("final");
			assertThat(report(only).status()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(report(only).pagesCounted()).isEqualTo(1);
			assertThat(stream.next(EVENT_WAIT)).isNull();
		}
	}

	@Test
	void eventsOfUnknownBatchNotFound() throws Exception {
		try (ServerSentEvents stream = this.http.events("/batches/no-such-stream/events")) {
			HttpResponse<?> response = stream.response();
			String body = new String(stream.response().body().readAllBytes(), StandardCharsets.UTF_8);

			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(Json.mapper().readTree(body).get("detail").asString()).contains("no-such-stream");
		}
	}

	@Test
	void eventsMergeChangesBetweenIntervals() throws Exception {
		int pages = 30;
		submit("coalesced", pages, 0);
		awaitStatus("coalesced", BatchStatus.RUNNING);

		try (ServerSentEvents stream = this.http.events("/batches/coalesced/events")) {
			assertThat(stream.next(EVENT_WAIT)).isNotNull();
			List<PageCounted> counted = new ArrayList<>();
			for (int jobId = 0; jobId < pages; jobId++) {
				counted.add(PageCounted.of(job("coalesced", jobId), Map.of("word", 1), 10, 1));
			}
			this.events.sendAll("coalesced", counted);

			int progressEvents = 0;
			Event event = stream.next(EVENT_WAIT);
			while (event != null && event.name().equals("progress")) {
				progressEvents++;
				event = stream.next(EVENT_WAIT);
			}

			assertThat(event).isNotNull();
			assertThat(report(event).pagesCounted()).isEqualTo(pages);
			assertThat(progressEvents).as("progress events for %d changes", pages).isLessThan(pages / 2);
		}
	}

	@Test
	void disconnectedStreamIsRemoved() throws Exception {
		int pages = 40;
		submit("abandoned", pages, 0);
		awaitStatus("abandoned", BatchStatus.RUNNING);
		ServerSentEvents stream = this.http.events("/batches/abandoned/events");
		assertThat(stream.next(EVENT_WAIT)).isNotNull();
		assertThat(this.streams.openStreams()).isEqualTo(1);

		stream.close();

		// The server notices a vanished client when a write fails, so each new page gives it one more write.
		int[] nextPage = { 0 };
		Awaitility.await("the abandoned stream removed")
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(400))
			.until(() -> {
				if (nextPage[0] < pages - 1) {
					page("abandoned", nextPage[0]++, Map.of("left", 1));
				}
				return this.streams.openStreams() == 0;
			});
	}

	@Test
	void progressTopicCarriesRunningThenFinalReports() throws Exception {
		submit("reported", 3, 0);
		page("reported", 0, Map.of("alpha", 2));

		List<BatchProgressReport> running = awaitProgressRecords("reported", "a running report with one page",
				(reports) -> reports.stream().anyMatch((report) -> report.pagesCounted() == 1));
		page("reported", 1, Map.of("beta", 1));
		page("reported", 2, Map.of("alpha", 1));
		List<BatchProgressReport> all = awaitProgressRecords("reported", "the final report",
				(reports) -> reports.stream().anyMatch((report) -> report.status().isFinal()));

		assertThat(running.getFirst().status()).isEqualTo(BatchStatus.RUNNING);
		assertThat(running.getFirst().pagesPending()).isEqualTo(2);
		BatchProgressReport last = all.getLast();
		assertThat(last.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(last.pagesCounted()).isEqualTo(3);
		assertThat(last.totalWords()).isEqualTo(4);
		assertThat(last.distinctWords()).isEqualTo(2);
		assertThat(all).filteredOn((report) -> report.status().isFinal()).hasSize(1);
		assertThat(all).extracting(BatchProgressReport::pagesCounted).isSorted();
	}

	@Test
	void progressTopicReportsAtBoundedRate() throws Exception {
		int pages = 12;
		submit("paced", pages, 0);
		long start = System.nanoTime();
		for (int jobId = 0; jobId < pages; jobId++) {
			page("paced", jobId, Map.of("paced", 1));
			Thread.sleep(100);
		}
		List<BatchProgressReport> reports = awaitProgressRecords("paced", "the final report",
				(all) -> all.stream().anyMatch((report) -> report.status().isFinal()));
		double seconds = (System.nanoTime() - start) / 1e9;

		long runningReports = reports.stream().filter((report) -> !report.status().isFinal()).count();
		// At most one running report per second (wordfleet.aggregator.progress-interval), plus one for the
		// interval in progress when the batch started.
		assertThat(runningReports).as("running reports in %.1f s for %d changes", seconds, pages + 1)
			.isLessThanOrEqualTo((long) Math.ceil(seconds) + 1)
			.isLessThan(pages);
	}

	@Test
	void failuresListedWithReasons() throws Exception {
		submit("with-failures", 3, 2);
		send("with-failures", JobFailed.of(job("with-failures", 2), FailureKind.HTTP_STATUS, "HTTP status 404"));
		send("with-failures", JobFailed.of(job("with-failures", 0), FailureKind.TIMEOUT, "timed out after 30 s"));
		page("with-failures", 1, Map.of("kept", 1));
		awaitStatus("with-failures", BatchStatus.COMPLETED);

		HttpResponse<String> response = get("/batches/with-failures/failures");
		JsonNode failures = Json.mapper().readTree(response.body());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(failures.size()).isEqualTo(2);
		assertThat(failures.get(0).get("jobId").asInt()).isEqualTo(2);
		assertThat(failures.get(0).get("url").asString()).isEqualTo("https://example.com/2");
		assertThat(failures.get(0).get("reason").asString()).isEqualTo("HTTP_STATUS");
		assertThat(failures.get(0).get("message").asString()).isEqualTo("HTTP status 404");
		assertThat(failures.get(1).get("reason").asString()).isEqualTo("TIMEOUT");
	}

	@Test
	void failuresOfUnknownBatchNotFound() throws Exception {
		HttpResponse<String> response = get("/batches/no-such-batch/failures");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(Json.mapper().readTree(response.body()).get("detail").asString()).contains("no-such-batch");
	}

	@Test
	void largeVocabularyStreamsInEveryFormat() throws Exception {
		int distinct = 60_000;
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (int i = 0; i < distinct; i++) {
			counts.put("w" + i, 1 + i % 7);
		}
		submit("vocabulary", 1, 0);
		for (PageCounted part : PageCounted.of(job("vocabulary", 0), counts, 1, counts.values()
			.stream()
			.mapToLong(Integer::longValue)
			.sum()).split(512 * 1024)) {
			send("vocabulary", part);
		}
		awaitStatus("vocabulary", BatchStatus.COMPLETED);

		HttpResponse<String> tsv = get("/batches/vocabulary/words?format=tsv");
		HttpResponse<String> csv = get("/batches/vocabulary/words?format=csv");
		HttpResponse<String> json = get("/batches/vocabulary/words?format=json");

		JsonNode words = Json.mapper().readTree(json.body());
		String top = words.get(0).get("word").asString();
		assertThat(words.size()).isEqualTo(distinct);
		assertThat(words.get(0).get("count").asLong()).isEqualTo(7);
		assertThat(words.get(distinct - 1).get("count").asLong()).isEqualTo(1);
		assertThat(tsv.body().lines().count()).isEqualTo(distinct);
		assertThat(tsv.body()).startsWith(top + "\t7\n");
		assertThat(csv.body().split("\r\n")).hasSize(distinct + 1);
		assertThat(csv.body()).startsWith("word,count\r\n" + top + ",7\r\n");
		assertThat(tsv.headers().firstValue("Content-Length")).as("a streamed response has no length").isEmpty();
	}

}
