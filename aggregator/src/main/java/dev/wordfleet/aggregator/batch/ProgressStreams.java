package dev.wordfleet.aggregator.batch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.wordfleet.protocol.BatchProgressReport;

/**
 * The Server-Sent Events streams of {@code GET /batches/{id}/events}. A new stream receives the batch's progress at
 * once. After that, {@link #publishChanges()}, called at a fixed interval, sends each batch's progress to its streams
 * when it changed since the last call, so a stream receives at most one event per interval. The event of a final
 * batch is the last one, and the stream completes after it. A stream leaves the registry when it completes, times
 * out or fails to write, and a comment line is sent on a quiet stream so that a vanished client is noticed.
 */
public final class ProgressStreams implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ProgressStreams.class);

	/** Time without events after which a stream gets a comment line. */
	static final Duration KEEP_ALIVE_INTERVAL = Duration.ofSeconds(15);

	private final BatchTracker tracker;

	private final Duration timeout;

	private final int maxStreams;

	private final ConcurrentMap<String, BatchStreams> batches = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	/** Writes events, one virtual thread per stream that has something to write. */
	private final ExecutorService writers = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("event-stream-", 0).factory());

	/**
	 * @param tracker the source of the batches' progress
	 * @param timeout time after which a stream of a running batch is closed
	 * @param maxStreams maximum number of streams open at once
	 */
	public ProgressStreams(BatchTracker tracker, Duration timeout, int maxStreams) {
		this.tracker = tracker;
		this.timeout = timeout;
		this.maxStreams = maxStreams;
	}

	/**
	 * Opens a stream of a batch's progress and sends the current progress on it. The stream of a final batch sends
	 * that one event and completes.
	 * @return the emitter, or empty when the batch is unknown
	 * @throws TooManyStreamsException when {@code maxStreams} streams are open
	 */
	Optional<SseEmitter> open(String batchId) {
		BatchProgressReport current = this.tracker.report(batchId).orElse(null);
		if (current == null) {
			return Optional.empty();
		}
		SseEmitter emitter = new SseEmitter(this.timeout.toMillis());
		EventStream stream = new EventStream(batchId, emitter, this.writers);
		if (!current.status().isFinal()) {
			register(stream);
			// A report taken after registering is at least as new as any that publishChanges sent before it saw
			// this stream.
			current = this.tracker.report(batchId).orElse(current);
		}
		stream.offer(current);
		return Optional.of(emitter);
	}

	private void register(EventStream stream) {
		if (this.open.incrementAndGet() > this.maxStreams) {
			this.open.decrementAndGet();
			throw new TooManyStreamsException(this.maxStreams);
		}
		this.batches.compute(stream.batchId(), (id, streams) -> {
			BatchStreams registered = (streams != null) ? streams : new BatchStreams();
			registered.streams.add(stream);
			return registered;
		});
		SseEmitter emitter = stream.emitter();
		emitter.onCompletion(() -> remove(stream));
		emitter.onTimeout(() -> {
			remove(stream);
			stream.close();
		});
		emitter.onError((ex) -> remove(stream));
	}

	private void remove(EventStream stream) {
		boolean[] removed = { false };
		this.batches.computeIfPresent(stream.batchId(), (id, streams) -> {
			removed[0] = streams.streams.remove(stream);
			return streams.streams.isEmpty() ? null : streams;
		});
		if (removed[0]) {
			this.open.decrementAndGet();
		}
	}

	/**
	 * Sends each batch's progress to its streams if it changed since the last call, and a comment line to streams
	 * that were quiet for {@link #KEEP_ALIVE_INTERVAL}. Closes the streams of batches the aggregator no longer reads.
	 */
	public void publishChanges() {
		long keepAliveNanos = KEEP_ALIVE_INTERVAL.toNanos();
		this.batches.forEach((batchId, streams) -> {
			streams.streams.stream().filter(EventStream::isClosed).toList().forEach(this::remove);
			BatchProgressReport current = this.tracker.report(batchId).orElse(null);
			if (current == null) {
				logger.info("Closing {} event streams of batch {}: this aggregator no longer reads it",
						streams.streams.size(), batchId);
				streams.streams.forEach(EventStream::close);
				return;
			}
			if (streams.changed(current)) {
				streams.streams.forEach((stream) -> stream.offer(current));
			}
			else {
				streams.streams.forEach((stream) -> stream.keepAlive(keepAliveNanos));
			}
		});
	}

	/** Returns the number of open streams of running batches. */
	public int openStreams() {
		return this.open.get();
	}

	/** Completes every open stream and stops the writers. */
	@Override
	public void close() {
		this.batches.values().forEach((streams) -> streams.streams.forEach(EventStream::close));
		this.writers.shutdown();
	}

	/** The open streams of one batch and the progress last sent to them. */
	private static final class BatchStreams {

		final Set<EventStream> streams = ConcurrentHashMap.newKeySet();

		private @Nullable BatchProgressReport lastSent;

		/** Returns whether the report differs from the last one sent in anything but its time, and records it. */
		synchronized boolean changed(BatchProgressReport current) {
			BatchProgressReport last = this.lastSent;
			boolean changed = last == null || last.status() != current.status()
					|| !Objects.equals(last.reason(), current.reason())
					|| !Objects.equals(last.urlCount(), current.urlCount())
					|| last.pagesCounted() != current.pagesCounted() || last.pagesFailed() != current.pagesFailed()
					|| last.totalWords() != current.totalWords() || last.distinctWords() != current.distinctWords()
					|| last.pageBytes() != current.pageBytes() || last.pagesPerSecond() != current.pagesPerSecond();
			if (changed) {
				this.lastSent = current;
			}
			return changed;
		}

	}

	/** Thrown when a client asks for an event stream while the maximum number of them is open. */
	static final class TooManyStreamsException extends RuntimeException {

		TooManyStreamsException(int maxStreams) {
			super("this aggregator already serves " + maxStreams + " event streams, its maximum "
					+ "(wordfleet.aggregator.max-event-streams): close one or poll GET /batches/{id} instead");
		}

	}

}
