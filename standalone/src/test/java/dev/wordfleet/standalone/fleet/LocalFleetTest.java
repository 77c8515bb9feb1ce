package dev.wordfleet.standalone.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.ConsumerFactory;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.producer.batch.BatchOptions;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.WordCount;
import dev.wordfleet.worker.text.PageCounter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole fleet in one JVM, on the product's own embedded broker, counting pages from a local server.
 */
class LocalFleetTest {

	private static final int WORKERS = 2;

	private static final int CONCURRENCY = 3;

	private static PageServer server;

	private static LocalFleet fleet;

	@BeforeAll
	static void startFleet() throws Exception {
		server = PageServer.start();
		fleet = LocalFleet.start(new FleetOptions(null, null, WORKERS, CONCURRENCY,
				Map.of("wordfleet.fetch.allow-private-networks", "true",
						"wordfleet.fetch.politeness.max-in-flight-per-host", "100")));
	}

	@AfterAll
	static void stopFleet() {
		if (fleet != null) {
			fleet.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void totalsEqualSumOfPageCounts() {
		Map<String, String> pages = new HashMap<>();
		List<String> urls = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			String html = "<html><head><title>Title " + i + "</title></head><body><h1>Page " + i + "</h1>"
					+ "<p>alpha beta " + "gamma ".repeat(i) + "delta-" + (i % 7) + "</p><script>var x;</script>"
					+ "<p>Don’t count <b>bold</b>ly " + i + "</p></body></html>";
			String url = server.page("total-" + i, html);
			pages.put(url, html);
			urls.add(url);
		}

		BatchProgress result = runBatch(urls);

		Map<String, Long> expected = new HashMap<>();
		long expectedTotal = 0;
		PageCounter counter = new PageCounter();
		for (String url : urls) {
			var words = counter.count(pages.get(url).getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8",
					url);
			words.counts().forEach((word, count) -> expected.merge(word, count.longValue(), Long::sum));
			expectedTotal += words.totalWords();
		}
		assertThat(result.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(result.done()).isEqualTo(30);
		assertThat(result.totalWords()).isEqualTo(expectedTotal);
		assertThat(countsOf(result.batchId())).isEqualTo(expected);
	}

	@Test
	void roleConsumersUseShortFetchWait() {
		List<ConsumerFactory<?, ?>> factories = new ArrayList<>();
		fleet.beans(ConsumerFactory.class).forEach(factories::add);
		assertThat(factories).hasSizeGreaterThanOrEqualTo(3);
		for (ConsumerFactory<?, ?> factory : factories) {
			assertThat(factory.getConfigurationProperties().get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))
				.hasToString(String.valueOf(LocalFleet.IDLE_FETCH_WAIT.toMillis()));
		}
	}

	@Test
	void repeatedUrlFetchedOnceAndCountedPerListing() {
		String url = server.page("thrice", "<html><body><p>echo echo foxtrot</p></body></html>");
		String other = server.page("once", "<html><body><p>echo golf</p></body></html>");
		String sameWithFragment = url.replace("http://", "HTTP://") + "#section";

		BatchProgress result = runBatch(List.of(url, other, sameWithFragment, url));

		assertThat(result.done()).isEqualTo(2);
		assertThat(countsOf(result.batchId())).containsExactlyInAnyOrderEntriesOf(
				Map.of("echo", 7L, "foxtrot", 3L, "golf", 1L));
		assertThat(server.requests()).filteredOn((request) -> request.path().equals("/pages/thrice")).hasSize(1);
	}

	@Test
	void concurrentFetchesStayWithinBound() {
		// Requests of an earlier test that the fleet aborted can still be open on the server side.
		await().atMost(Duration.ofSeconds(15)).until(() -> server.open() == 0);
		server.resetMaxUnanswered();
		server.delayPages(Duration.ofMillis(200));
		List<String> urls = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			urls.add(server.page("bound-" + i, "<html><body><p>hotel " + i + "</p></body></html>"));
		}

		try {
			BatchProgress result = runBatch(urls);
			assertThat(result.status()).isEqualTo(BatchStatus.COMPLETED);
		}
		finally {
			server.delayPages(Duration.ZERO);
		}
		assertThat(server.maxUnanswered()).isLessThanOrEqualTo(WORKERS * CONCURRENCY);
		assertThat(server.maxUnanswered()).isGreaterThan(1);
	}

	@Test
	void pageOfManyDistinctWordsCountedExactly() {
		StringBuilder html = new StringBuilder("<html><body><p>");
		for (int i = 0; i < 200_000; i++) {
			html.append("w").append(Integer.toString(i, 36)).append(' ');
		}
		html.append("w0</p></body></html>");
		String url = server.page("distinct", html.toString());

		BatchProgress result = runBatch(List.of(url));

		assertThat(result.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(result.distinctWords()).isEqualTo(200_000);
		assertThat(result.totalWords()).isEqualTo(200_001);
		assertThat(fleet.tracker().words(result.batchId(), 1).orElseThrow())
			.containsExactly(new WordCount("w0", 2));
	}

	@Test
	void batchPastDeadlineFails() {
		server.delayPages(Duration.ofSeconds(3));
		List<String> urls = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			urls.add(server.page("deadline-" + i, "<html><body><p>india</p></body></html>"));
		}

		BatchProgress result;
		try {
			result = runBatch(urls, new BatchOptions(0, Duration.ofSeconds(1)));
		}
		finally {
			server.delayPages(Duration.ZERO);
		}

		assertThat(result.status()).isEqualTo(BatchStatus.FAILED);
		assertThat(result.statusReason()).isEqualTo("deadline exceeded");
		assertThat(result.pending()).isPositive();
	}

	private static BatchProgress runBatch(List<String> urls) {
		return runBatch(urls, BatchOptions.defaults());
	}

	private static BatchProgress runBatch(List<String> urls, BatchOptions options) {
		String batchId = fleet.publisher().publish(urls, options, null).batchId();
		return await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> fleet.tracker().progress(batchId).orElse(null),
					(progress) -> progress != null && progress.status().isFinal());
	}

	private static Map<String, Long> countsOf(String batchId) {
		Map<String, Long> counts = new HashMap<>();
		for (WordCount entry : fleet.tracker().words(batchId, 0).orElseThrow()) {
			counts.put(entry.word(), entry.count());
		}
		return counts;
	}

}
