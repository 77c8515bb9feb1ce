package dev.wordfleet.worker.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PageCounterTest {

	private static final String BASE_URI = "http://127.0.0.1/page.html";

	private final PageCounter counter = new PageCounter();

	@Test
	void countsRepeatedWords() {
		PageWords words = count("<title>cat</title><p>The the THE</p><p>cat</p>");

		assertThat(words.counts()).containsOnly(entry("the", 3), entry("cat", 1));
	}

	@Test
	void totalIsNumberOfWords() {
		PageWords words = count("<p>The the THE</p><p>cat, dog.</p>");

		assertThat(words.totalWords()).isEqualTo(5);
	}

	@Test
	void emptyPageCountsNothing() {
		PageWords words = count("<html><head><title>only a title</title></head><body></body></html>");

		assertThat(words.counts()).isEmpty();
		assertThat(words.totalWords()).isZero();
	}

	@Test
	void unsupportedTypePropagates() {
		assertThatExceptionOfType(UnsupportedContentTypeException.class)
			.isThrownBy(() -> this.counter.count(new byte[] { 1, 2 }, "image/png", BASE_URI))
			.withMessage("unsupported content type \"image/png\"");
	}

	@Test
	void countTextSkipsExtraction() {
		PageWords words = this.counter.countText("<p>a</p>");

		assertThat(words.counts()).containsOnly(entry("p", 2), entry("a", 1));
	}

	@Test
	void concurrentCallsGiveSameCounts() throws Exception {
		List<String> pages = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			pages.add(("page " + i + " shares words with page " + (i + 1) + ", ภาษาไทย 日本語の文章です. ").repeat(50));
		}
		PageCounter reference = new PageCounter();
		List<PageWords> expected = pages.stream().map(reference::countText).toList();

		List<Future<PageWords>> results = new ArrayList<>();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (String page : pages) {
				results.add(executor.submit(() -> this.counter.countText(page)));
			}
		}
		for (int i = 0; i < pages.size(); i++) {
			assertThat(results.get(i).get(10, TimeUnit.SECONDS)).as("page %d", i).isEqualTo(expected.get(i));
		}
	}

	private PageWords count(String html) {
		return this.counter.count(html.getBytes(StandardCharsets.UTF_8), "text/html", BASE_URI);
	}

	private static Map.Entry<String, Integer> entry(String word, int count) {
		return Map.entry(word, count);
	}

}
