package dev.wordfleet.worker.text;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

class CountingThreadsTest {

	private static final String BASE_URI = "http://127.0.0.1/page.html";

	private final PageCounter counter = new PageCounter();

	private final CountingThreads counting = new CountingThreads(this.counter, 2);

	@AfterEach
	void close() {
		this.counting.close();
	}

	@Test
	void countsLikeTheCounter() throws Exception {
		byte[] page = html("<title>Cats</title><p>The cat saw the other cat.</p><script>var cat;</script>");

		PageWords words = this.counting.count(List.of(page), "text/html; charset=utf-8", BASE_URI);

		assertThat(words).isEqualTo(this.counter.count(page, "text/html; charset=utf-8", BASE_URI));
		assertThat(words.counts()).containsOnly(entry("the", 2), entry("cat", 2), entry("saw", 1), entry("other", 1));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void countingThreadsRunAtLowestPriority() throws Exception {
		this.counting.count(List.of(html("<p>one</p>")), "text/html", BASE_URI);
		this.counting.count(List.of(html("<p>two</p>")), "text/html", BASE_URI);

		List<Integer> niceValues = new ArrayList<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
			for (Path task : tasks) {
				try {
					if (Files.readString(task.resolve("comm")).startsWith("page-counter-")) {
						niceValues.add(niceValue(Files.readString(task.resolve("stat"))));
					}
				}
				catch (NoSuchFileException ended) {
					// Another thread of this JVM ended between the listing and the read.
				}
			}
		}
		assertThat(niceValues).isNotEmpty().containsOnly(BackgroundPriority.NICE);
	}

	/** Returns the nice value of a thread's /proc stat line: the 17th field after the command in brackets. */
	private static int niceValue(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
		return Integer.parseInt(fields[16]);
	}

	@Test
	void countsManyPagesAtOnceFromVirtualThreads() throws Exception {
		List<Future<PageWords>> results = new ArrayList<>();
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 200; i++) {
				byte[] page = html("<p>page " + i + " word word</p>");
				results.add(callers.submit(() -> this.counting.count(List.of(page), "text/html", BASE_URI)));
			}
		}
		for (int i = 0; i < results.size(); i++) {
			assertThat(results.get(i).get().counts()).containsOnlyKeys("page", String.valueOf(i), "word")
				.containsEntry("word", 2);
		}
	}

	@Test
	void unsupportedContentTypeReachesTheCallerUnchanged() {
		assertThatExceptionOfType(UnsupportedContentTypeException.class)
			.isThrownBy(() -> this.counting.count(List.of(new byte[] { 1, 2, 3 }), "image/png", BASE_URI))
			.withMessageContaining("image/png");
	}

	@Test
	void interruptedCallerCountsNothing() {
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(InterruptedException.class)
				.isThrownBy(() -> this.counting.count(List.of(html("<p>never waited for</p>")), "text/html",
						BASE_URI));
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void rejectsNoThreads() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CountingThreads(this.counter, 0))
			.withMessage("threads must be 1 or more, but was 0");
	}

	private static byte[] html(String body) {
		return body.getBytes(StandardCharsets.UTF_8);
	}

}
