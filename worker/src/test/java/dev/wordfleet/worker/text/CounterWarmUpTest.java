package dev.wordfleet.worker.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CounterWarmUpTest {

	@Test
	void bundledPageIsCountedWithoutItsHiddenParts() {
		PageCounter counter = new PageCounter();

		new CounterWarmUp(counter).run();

		PageWords words = counter.count(bundledPage(), "text/html", "http://localhost/");
		assertThat(words.totalWords()).isGreaterThan(1000);
		assertThat(words.counts()).containsKeys("worker", "café", "don't").doesNotContainKeys("hidden", "ignored");
	}

	private static byte[] bundledPage() {
		try (InputStream in = CounterWarmUp.class.getResourceAsStream("warm-up.html")) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
