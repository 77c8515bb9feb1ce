package dev.wordfleet.worker.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a bundled page many times, so that the JVM compiles the text extraction and the word splitting before the
 * first real page. In a fresh JVM the first pages are counted several times slower than later ones.
 */
public final class CounterWarmUp {

	private static final Logger logger = LoggerFactory.getLogger(CounterWarmUp.class);

	private static final String PAGE = "warm-up.html";

	/** Rounds of counting: about 0.7 s of CPU time on the 2-core machine that the benchmarks ran on. */
	private static final int ROUNDS = 300;

	private final PageCounter counter;

	public CounterWarmUp(PageCounter counter) {
		this.counter = Objects.requireNonNull(counter, "counter is missing");
	}

	/** Starts the warm-up on a background virtual thread and returns at once. */
	public void start() {
		Thread.ofVirtual().name("counter-warm-up").start(this::run);
	}

	void run() {
		long started = System.nanoTime();
		byte[] page = bundledPage();
		long words = 0;
		for (int round = 0; round < ROUNDS; round++) {
			words += this.counter.count(page, "text/html; charset=utf-8", "http://localhost/warm-up.html")
				.totalWords();
		}
		logger.debug("Counted the warm-up page {} times ({} words) in {} ms", ROUNDS, words,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
	}

	private static byte[] bundledPage() {
		try (InputStream in = CounterWarmUp.class.getResourceAsStream(PAGE)) {
			if (in == null) {
				throw new IllegalStateException("Resource " + PAGE + " is missing from the worker jar");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read resource " + PAGE, ex);
		}
	}

}
