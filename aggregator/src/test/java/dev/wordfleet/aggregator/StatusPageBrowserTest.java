package dev.wordfleet.aggregator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.protocol.JobFailed;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.UrlJob;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page at {@code /} in headless Chromium, against the real aggregator and broker: the page follows a
 * batch's progress without reloading, draws its top words and shows text from URLs and messages as text. Skipped
 * where Chromium or ChromeDriver is not installed (Debian packages {@code chromium} and {@code chromium-driver}).
 * The broker and the aggregator start only after that check, so a skipped test starts nothing.
 */
class StatusPageBrowserTest {

	/** Maximum wait for the page to show a change. */
	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String BATCH = "page-batch";

	/** A URL and a message that a page writing HTML from data would turn into elements and run. */
	private static final String HOSTILE_URL = "https://example.com/<img src=x onerror=\"window.injected=1\">";

	private static final String HOSTILE_MESSAGE = "<script>window.injected=2</script> & \"quoted\"";

	/** A batch id with markup in it. */
	private static final String HOSTILE_BATCH = "<svg onload=window.injected=3>";

	private static final String PREFIX = "page-test.";

	private EmbeddedKafkaKraftBroker broker;

	private ConfigurableApplicationContext aggregator;

	private int port;

	private DefaultKafkaProducerFactory<String, Object> producerFactory;

	private KafkaTemplate<String, Object> events;

	@BeforeEach
	void startAggregator() {
		assumeTrue(ChromeSession.available(), "needs " + ChromeSession.CHROMIUM + " and " + ChromeSession.CHROMEDRIVER
				+ ": install the Debian packages chromium and chromium-driver");
		this.broker = new EmbeddedKafkaKraftBroker(1, 2);
		// A single broker cannot host the transaction log with Kafka's default replication factor of 3.
		this.broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
				"transaction.state.log.min.isr", "1"));
		this.broker.afterPropertiesSet();
		String servers = this.broker.getBrokersAsString();
		this.aggregator = new SpringApplicationBuilder(AggregatorApplication.class)
			.properties(Map.of("spring.config.name", AggregatorApplication.CONFIG_NAMES))
			.run("--server.port=0", "--spring.kafka.bootstrap-servers=" + servers, "--wordfleet.topics.prefix=" + PREFIX,
					"--wordfleet.topics.jobs-partitions=2", "--wordfleet.topics.events-partitions=2");
		this.port = this.aggregator.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		this.producerFactory = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringSerializer(),
				Json.valueSerializer());
		this.events = new KafkaTemplate<>(this.producerFactory);
	}

	@AfterEach
	void stopAggregator() {
		if (this.producerFactory != null) {
			this.producerFactory.destroy();
		}
		if (this.aggregator != null) {
			this.aggregator.close();
		}
		if (this.broker != null) {
			this.broker.destroy();
		}
	}

	private void send(String batchId, Object event) throws Exception {
		this.events.send(PREFIX + "batch-events", batchId, event).get(30, TimeUnit.SECONDS);
	}

	private void page(int jobId, Map<String, Integer> counts) throws Exception {
		long words = counts.values().stream().mapToLong(Integer::longValue).sum();
		send(BATCH, PageCounted.of(UrlJob.of(BATCH, jobId, "https://example.com/" + jobId), counts, 1000, words));
	}

	private static String text(ChromeSession browser, String selector) {
		return browser.execute("const element = document.querySelector('" + selector + "');"
				+ " return element === null ? null : element.textContent;").asString("");
	}

	private static void awaitText(ChromeSession browser, String selector, String expected) {
		Awaitility.await(selector + " showing " + expected)
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> text(browser, selector), expected::equals);
	}

	private static List<String> texts(ChromeSession browser, String selector) {
		JsonNode values = browser.execute("return Array.from(document.querySelectorAll('" + selector
				+ "'), (element) => element.textContent);");
		return values.valueStream().map(JsonNode::asString).toList();
	}

	@Test
	void pageFollowsBatchWithoutReload(@TempDir Path profile) throws Exception {
		send(BATCH, BatchSubmitted.of(BATCH, 6, 1, null, Instant.now()));
		send(HOSTILE_BATCH, BatchSubmitted.of(HOSTILE_BATCH, 2, 0, null, Instant.now().minusSeconds(60)));
		page(0, Map.of("fleet", 4, "kafka", 2, "the", 1));

		try (ChromeSession browser = ChromeSession.start(profile, Path.of("target", "chromedriver"))) {
			browser.setWindowSize(1280, 1000);
			browser.navigate("http://127.0.0.1:" + this.port + "/#batch=" + BATCH);
			awaitText(browser, "#detail-done", "1");
			browser.execute("window.loadedOnce = 'still here'; return true;");
			String firstWidth = browser.execute("return document.querySelector('#detail-bar .done').style.width;")
				.asString();

			page(1, Map.of("fleet", 3, "stream", 2));
			page(2, Map.of("kafka", 1, "the", 5));
			send(BATCH, JobFailed.of(UrlJob.of(BATCH, 3, HOSTILE_URL), FailureKind.HTTP_STATUS, HOSTILE_MESSAGE));
			awaitText(browser, "#detail-done", "3");
			awaitText(browser, "#detail-failed", "1");
			awaitText(browser, "#failures .failure-url", HOSTILE_URL);

			assertThat(browser.execute("return window.loadedOnce;").asString()).isEqualTo("still here");
			assertThat(firstWidth).isEqualTo("16.67%");
			assertThat(browser.execute("return document.querySelector('#detail-bar .done').style.width;")
				.asString()).isEqualTo("50%");
			assertThat(texts(browser, "#failures .failure-message")).containsExactly(HOSTILE_MESSAGE);
			assertThat(texts(browser, "#failures .failure-reason")).containsExactly("HTTP_STATUS");

			Awaitility.await("the chart of the top words")
				.atMost(WAIT)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> texts(browser, "#words-chart .word-label"),
						(labels) -> labels.equals(List.of("fleet", "the", "kafka", "stream")));
			assertThat(texts(browser, "#words-chart .word-count")).containsExactly("7", "6", "3", "2");
			JsonNode widths = browser.execute("return Array.from(document.querySelectorAll('#words-chart rect'),"
					+ " (bar) => Number(bar.getAttribute('width')));");
			assertThat(widths.get(0).asDouble()).isGreaterThan(widths.get(1).asDouble());
			assertThat(widths.get(2).asDouble()).isGreaterThan(widths.get(3).asDouble());

			assertThat(texts(browser, "#batches tbody code")).containsExactly(BATCH, HOSTILE_BATCH);
			assertThat(texts(browser, "#batches tbody tr.selected .done-count")).containsExactly("3");
			assertThat(browser.execute("return document.querySelectorAll('#batches svg, #failures img,"
					+ " #failures script').length;").asInt()).isZero();
			assertThat(browser.execute("return window.injected === undefined;").asBoolean()).isTrue();

			page(4, Map.of("fleet", 1));
			page(5, Map.of("end", 1));
			awaitText(browser, "#detail-status", "COMPLETED");
			awaitText(browser, "#detail-pending", "0");
			assertThat(browser.execute("return window.loadedOnce;").asString()).isEqualTo("still here");
			Files.write(Path.of("target", "status-page-browser-test.png"), browser.screenshot());
		}
	}

}
