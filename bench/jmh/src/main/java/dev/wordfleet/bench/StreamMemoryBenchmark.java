package dev.wordfleet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import dev.wordfleet.worker.text.PageCounter;
import dev.wordfleet.worker.text.PageWords;

/**
 * Counts one generated HTML page of a given size through {@link PageCounter#count(InputStream, String, String)} and
 * prints the time, the rate and the largest heap in use right after a garbage collection. The page is written while
 * it is read, so the only copy of it in memory is what the counter holds. Run it in a JVM with a small heap
 * ({@code -Xmx64m}) to show that a page larger than the heap can be counted.
 * <p>
 * The page is a sequence of paragraphs like {@code <p>w17 common <b>bold</b>, <i>italic</i> text <a>link</a>.</p>}
 * over {@value #DISTINCT_WORDS} distinct numbered words, with a section nested {@value #DEPTH} elements deep every
 * {@value #DEEP_EVERY} paragraphs and a small table every {@value #TABLE_EVERY}. The program checks the counts
 * against those the generator implies and exits with status 1 when they differ.
 * <p>
 * Usage: {@code java -Xmx64m -cp benchmarks.jar dev.wordfleet.bench.StreamMemoryBenchmark [BYTES]}, where BYTES is the
 * least size of the page (default 1 GiB). Prints one line of {@code name=value} pairs.
 */
public final class StreamMemoryBenchmark {

	private static final long DEFAULT_SIZE = 1L << 30;

	private static final int DISTINCT_WORDS = 10_000;

	private static final int DEEP_EVERY = 100_000;

	private static final int DEPTH = 300;

	private static final int TABLE_EVERY = 1_000;

	private StreamMemoryBenchmark() {
	}

	/**
	 * Counts the page and prints the figures.
	 * @param args the least size of the page in bytes, optional
	 * @throws IOException never, because the page is generated in memory
	 */
	public static void main(String[] args) throws IOException {
		long size = (args.length > 0) ? parseSize(args[0]) : DEFAULT_SIZE;
		AtomicLong peakAfterGc = watchHeapAfterGc();
		GeneratedPage page = new GeneratedPage(size);

		long started = System.nanoTime();
		PageWords words = new PageCounter().count(page, "text/html", "http://127.0.0.1/large.html");
		double seconds = (System.nanoTime() - started) / 1e9;

		boolean exact = words.equals(page.expectedWords());
		long collections = ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(GarbageCollectorMXBean::getCollectionCount)
			.sum();
		System.out.printf("bytes=%d paragraphs=%d seconds=%.1f megabytes_per_second=%.1f words=%d distinct=%d "
				+ "exact=%s peak_heap_after_gc_bytes=%d max_heap_bytes=%d collections=%d%n", page.bytes,
				page.paragraphs, seconds, page.bytes / 1e6 / seconds, words.totalWords(), words.counts().size(),
				exact, peakAfterGc.get(), Runtime.getRuntime().maxMemory(), collections);
		if (!exact) {
			System.exit(1);
		}
	}

	private static long parseSize(String value) {
		try {
			long size = Long.parseLong(value);
			if (size > 0) {
				return size;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new IllegalArgumentException("BYTES must be a positive number of bytes, but was \"" + value + "\"");
	}

	/**
	 * Records, after every garbage collection, the heap in use summed over the heap pools, and keeps the largest.
	 */
	private static AtomicLong watchHeapAfterGc() {
		Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.map(MemoryPoolMXBean::getName)
			.collect(Collectors.toSet());
		AtomicLong peak = new AtomicLong();
		NotificationListener listener = (Notification notification, Object handback) -> {
			if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
				GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
					.from((CompositeData) notification.getUserData());
				long used = 0;
				for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
					if (heapPools.contains(pool.getKey())) {
						used += pool.getValue().getUsed();
					}
				}
				peak.accumulateAndGet(used, Math::max);
			}
		};
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			((NotificationEmitter) collector).addNotificationListener(listener, null, null);
		}
		return peak;
	}

	/**
	 * Writes the page while it is read, paragraph by paragraph, until it is at least the given size.
	 */
	private static final class GeneratedPage extends InputStream {

		private final long size;

		private byte[] piece = "<!DOCTYPE html><html><head><title>large page</title></head><body>\n"
			.getBytes(StandardCharsets.US_ASCII);

		private int position;

		private long paragraphs;

		private long deepSections;

		private long tables;

		private long bytes;

		private boolean ended;

		GeneratedPage(long size) {
			this.size = size;
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.position == this.piece.length && !nextPiece()) {
				return -1;
			}
			int read = Math.min(length, this.piece.length - this.position);
			System.arraycopy(this.piece, this.position, buffer, offset, read);
			this.position += read;
			this.bytes += read;
			return read;
		}

		private boolean nextPiece() {
			if (this.ended) {
				return false;
			}
			StringBuilder html = new StringBuilder();
			if (this.bytes >= this.size) {
				html.append("</body></html>\n");
				this.ended = true;
			}
			else {
				long i = this.paragraphs++;
				html.append("<p class=\"para\">w").append(i % DISTINCT_WORDS).append(" common <b>bold</b>, <i>italic</i>")
					.append(" text <a href=\"/page/").append(i).append("\">link</a>.</p>\n");
				if (i % DEEP_EVERY == 0) {
					html.append("<div>".repeat(DEPTH)).append("deep").append("</div>".repeat(DEPTH)).append('\n');
					this.deepSections++;
				}
				if (i % TABLE_EVERY == 0) {
					html.append("<table><tr><td>cell</td><td>cell</td></tr></table>\n");
					this.tables++;
				}
			}
			this.piece = html.toString().getBytes(StandardCharsets.US_ASCII);
			this.position = 0;
			return true;
		}

		/**
		 * Returns the counts of the words written so far.
		 */
		PageWords expectedWords() {
			Map<String, Integer> counts = new java.util.HashMap<>();
			for (int word = 0; word < DISTINCT_WORDS; word++) {
				long occurrences = this.paragraphs / DISTINCT_WORDS + ((word < this.paragraphs % DISTINCT_WORDS) ? 1 : 0);
				if (occurrences > 0) {
					counts.put("w" + word, Math.toIntExact(occurrences));
				}
			}
			for (String word : new String[] { "common", "bold", "italic", "text", "link" }) {
				counts.put(word, Math.toIntExact(this.paragraphs));
			}
			counts.put("deep", Math.toIntExact(this.deepSections));
			counts.put("cell", Math.toIntExact(2 * this.tables));
			long total = counts.values().stream().mapToLong(Integer::longValue).sum();
			return new PageWords(counts, total);
		}

	}

}
