package dev.wordfleet.worker.text;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

/**
 * Counts bodies that are already in memory on a fixed number of platform threads, one per core by default, instead
 * of on the jobs' virtual threads.
 * <p>
 * Virtual threads share as many carrier threads as there are cores, and a virtual thread keeps its carrier until it
 * blocks. When many pages arrive at once, jobs counting them would hold every carrier, and jobs whose next request
 * could start would wait until the counting is done, leaving their fetch slots unused for that long. Platform threads
 * are time-sliced by the operating system, and on Linux the counting threads run at the lowest priority, so the
 * carrier of a job that only needs to send its next request gets a core first, while the counting goes on.
 */
public final class CountingThreads implements AutoCloseable {

	private final PageCounter counter;

	private final ExecutorService threads;

	/**
	 * @param counter counts each body
	 * @param threads number of counting threads, 1 or more
	 */
	public CountingThreads(PageCounter counter, int threads) {
		this.counter = Objects.requireNonNull(counter, "counter is missing");
		if (threads < 1) {
			throw new IllegalArgumentException("threads must be 1 or more, but was " + threads);
		}
		ThreadFactory platform = Thread.ofPlatform().name("page-counter-", 1).daemon().factory();
		this.threads = Executors.newFixedThreadPool(threads, (task) -> platform.newThread(() -> {
			BackgroundPriority.lowerCurrentThread();
			task.run();
		}));
	}

	/** Returns counting threads, one per available core. */
	public static CountingThreads perCore(PageCounter counter) {
		return new CountingThreads(counter, Runtime.getRuntime().availableProcessors());
	}

	/** Returns the counter, for bodies that are counted while they stream in, on the caller's thread. */
	public PageCounter counter() {
		return this.counter;
	}

	/**
	 * Counts a body that is in memory, in one or more chunks, on a counting thread and waits for its words.
	 * @param chunks the response body in order, at least one chunk
	 * @param contentType the raw {@code Content-Type} header value, or {@code null} when the header is absent
	 * @param baseUri the page URL
	 * @return the counts of the page
	 * @throws InterruptedException if the caller was interrupted before the call, when nothing is counted, or while
	 * waiting, when the count is abandoned
	 * @throws UnsupportedContentTypeException if the body is not text that the word policy reads
	 * @see PageCounter#count(List, String, String)
	 */
	public PageWords count(List<byte[]> chunks, @Nullable String contentType, String baseUri)
			throws InterruptedException {
		// Checked here because Future.get returns a count that is already done without looking at the interrupt.
		if (Thread.interrupted()) {
			throw new InterruptedException("interrupted before counting " + baseUri);
		}
		Future<PageWords> words = this.threads.submit(() -> this.counter.count(chunks, contentType, baseUri));
		try {
			return words.get();
		}
		catch (InterruptedException ex) {
			words.cancel(true);
			throw ex;
		}
		catch (ExecutionException ex) {
			switch (ex.getCause()) {
				case RuntimeException cause -> throw cause;
				case Error cause -> throw cause;
				default -> throw new IllegalStateException("Counting " + baseUri + " failed", ex.getCause());
			}
		}
	}

	/** Stops the counting threads. Counts in progress finish, and later calls are rejected. */
	@Override
	public void close() {
		this.threads.shutdown();
	}

}
