package dev.wordfleet.standalone.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
				Map.of("wordfleet.fetch.allow-private-networks", "true")));
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
	void repeatedUrlCountedTwice() {
		String url = server.page("twice", "<html><body><p>echo echo foxtrot</p></body></html>");
		String other = server.page("once", "<html><body><p>echo golf</p></body></html>");

		BatchProgress result = runBatch(List.of(url, other, url));

		assertThat(result.done()).isEqualTo(3);
		assertThat(countsOf(result.batchId())).containsExactlyInAnyOrderEntriesOf(
				Map.of("echo", 5L, "foxtrot", 2L, "golf", 1L));
	}

	@Test
	void concurrentFetchesStayWithinBound() {
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
		assertThat(server.maxOpen()).isLessThanOrEqualTo(WORKERS * CONCURRENCY);
		assertThat(server.maxOpen()).isGreaterThan(1);
	}

	private static BatchProgress runBatch(List<String> urls) {
		String batchId = fleet.publisher().publish(urls, BatchOptions.defaults(), null).batchId();
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
