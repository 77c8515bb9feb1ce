package dev.wordfleet.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;

import dev.wordfleet.protocol.BatchEvent;
import dev.wordfleet.protocol.CancelBatch;
import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.protocol.UrlJob;
import dev.wordfleet.worker.cancel.CancelledBatches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker role against a real broker and a local HTTP server.
 */
@SpringBootTest(classes = WorkerApplication.class,
		properties = { "spring.config.name=" + WorkerApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"spring.main.web-application-type=none", "wordfleet.fetch.allow-private-networks=true",
				"wordfleet.worker.concurrency=2" })
@EmbeddedKafka(partitions = 1)
@DirtiesContext
class WorkerIntegrationTest {

	private static final TopicProperties TOPICS = TopicProperties.defaults();

	private static HttpServer server;

	private static final List<String> requestedPaths = new CopyOnWriteArrayList<>();

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Autowired
	private CancelledBatches cancelledBatches;

	@Autowired
	private MeterRegistry meterRegistry;

	private DefaultKafkaProducerFactory<String, Object> jsonProducers;

	private DefaultKafkaProducerFactory<String, byte[]> rawProducers;

	@BeforeAll
	static void startServer() throws IOException {
		InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
		server.createContext("/", (exchange) -> {
			try (exchange) {
				String path = exchange.getRequestURI().getPath();
				requestedPaths.add(path);
				boolean missing = path.startsWith("/missing");
				byte[] body = (missing ? "gone" : "<html><body><p>mike november mike</p></body></html>")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", missing ? "text/plain" : "text/html");
				exchange.sendResponseHeaders(missing ? 404 : 200, body.length);
				exchange.getResponseBody().write(body);
			}
		});
		server.start();
	}

	@BeforeEach
	void createProducers() {
		Map<String, Object> settings = KafkaTestUtils.producerProps(this.broker);
		this.jsonProducers = new DefaultKafkaProducerFactory<>(settings, new StringSerializer(), Json.valueSerializer());
		this.rawProducers = new DefaultKafkaProducerFactory<>(settings, new StringSerializer(),
				new ByteArraySerializer());
	}

	@AfterEach
	void destroyProducers() {
		this.jsonProducers.destroy();
		this.rawProducers.destroy();
	}

	@AfterAll
	static void stopServer() {
		server.stop(0);
	}

	@Test
	void fetchedPagePublishesCounts() {
		send(UrlJob.of("batch-counted", 0, url("/counted")));

		PageCounted page = (PageCounted) awaitOutcome("batch-counted", 0);

		assertThat(page.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("mike", 2, "november", 1));
		assertThat(page.pageWords()).isEqualTo(3);
		assertThat(this.meterRegistry.get("wordfleet.pages.fetched").counter().count()).isPositive();
		assertThat(this.meterRegistry.get("wordfleet.fetch.latency").timer().count()).isPositive();
	}

	@Test
	void failedFetchPublishesReason() {
		send(UrlJob.of("batch-missing", 0, url("/missing")));

		JobFailed failure = (JobFailed) awaitOutcome("batch-missing", 0);

		assertThat(failure.reason()).isEqualTo(FailureKind.HTTP_STATUS);
		assertThat(failure.message()).contains("404");
		assertThat(this.meterRegistry.get("wordfleet.fetch.failures").tag("reason", "HTTP_STATUS").counter().count())
			.isPositive();
	}

	@Test
	void malformedJobGoesToDeadLetters() {
		sendRaw(TOPICS.jobs(), "batch-bad/0", "{not json");
		send(UrlJob.of("batch-after-bad", 0, url("/after-bad")));

		ConsumerRecord<String, byte[]> letter = readOne(TOPICS.deadLetters(), "batch-bad/0");

		assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
		Header exception = letter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
		assertThat(exception).isNotNull();
		assertThat(awaitOutcome("batch-after-bad", 0)).isInstanceOf(PageCounted.class);
	}

	@Test
	void malformedJobFailsItsJob() {
		sendRaw(TOPICS.jobs(), "batch-unreadable/3", "[]");

		JobFailed failure = (JobFailed) awaitOutcome("batch-unreadable", 3);

		assertThat(failure.reason()).isEqualTo(FailureKind.MALFORMED_MESSAGE);
		assertThat(failure.url()).isEqualTo(JobFailed.UNKNOWN_URL);
	}

	@Test
	void malformedCancelGoesToDeadLetters() {
		sendRaw(TOPICS.cancels(), "batch-poison", "garbage");
		template().send(TOPICS.cancels(), "batch-after-poison", CancelBatch.of("batch-after-poison", "test")).join();

		ConsumerRecord<String, byte[]> letter = readOne(TOPICS.deadLetters(), "batch-poison");

		assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("garbage");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.cancelledBatches.isCancelled("batch-after-poison"));
		assertThat(this.cancelledBatches.isCancelled("batch-poison")).isFalse();
	}

	@Test
	void cancelledBatchIsNeverFetched() {
		KafkaTemplate<String, Object> template = template();
		template.send(TOPICS.cancels(), "batch-cancelled", CancelBatch.of("batch-cancelled", "test")).join();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.cancelledBatches.isCancelled("batch-cancelled"));

		send(UrlJob.of("batch-cancelled", 0, url("/cancelled/0")));
		send(UrlJob.of("batch-cancelled", 1, url("/cancelled/1")));
		send(UrlJob.of("batch-after-cancel", 0, url("/after-cancel")));

		assertThat(awaitOutcome("batch-after-cancel", 0)).isInstanceOf(PageCounted.class);
		assertThat(requestedPaths).noneMatch((path) -> path.startsWith("/cancelled/"));
	}

	private void send(UrlJob job) {
		template().send(TOPICS.jobs(), job.key(), job).join();
	}

	/** Publishes a value that is not a message, as UTF-8 bytes, and waits for the broker's acknowledgment. */
	private void sendRaw(String topic, String key, String value) {
		new KafkaTemplate<>(this.rawProducers).send(topic, key, value.getBytes(StandardCharsets.UTF_8)).join();
	}

	private KafkaTemplate<String, Object> template() {
		return new KafkaTemplate<>(this.jsonProducers);
	}

	private BatchEvent awaitOutcome(String batchId, int jobId) {
		ConsumerRecord<String, byte[]> record = readOne(TOPICS.batchEvents(), batchId);
		BatchEvent event = Json.mapper().readValue(record.value(), BatchEvent.class);
		assertThat(((dev.wordfleet.protocol.JobOutcome) event).jobId()).isEqualTo(jobId);
		return event;
	}

	/** Reads the topic from the beginning until a record with the key arrives, for at most 30 seconds. */
	private ConsumerRecord<String, byte[]> readOne(String topic, String key) {
		Map<String, Object> props = KafkaTestUtils.consumerProps(this.broker, "reader-" + key, false);
		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			consumer.subscribe(List.of(topic));
			return await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500))) {
					if (key.equals(record.key())) {
						return record;
					}
				}
				return null;
			}, (record) -> record != null);
		}
	}

	private String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

}
