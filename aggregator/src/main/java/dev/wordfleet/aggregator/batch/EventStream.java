package dev.wordfleet.aggregator.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.wordfleet.protocol.BatchProgressReport;
import dev.wordfleet.protocol.Json;

/**
 * One client's Server-Sent Events stream of one batch. It keeps at most one message waiting to be sent: a newer
 * report replaces an older one that was not sent yet, so a slow client receives the latest progress and never makes
 * the aggregator queue events. Messages are written by one task at a time on the given executor, so a client that
 * stops reading blocks only its own stream.
 */
final class EventStream {

	private static final Logger logger = LoggerFactory.getLogger(EventStream.class);

	/** Event name of a report of a running batch. */
	static final String PROGRESS_EVENT = "progress";

	/** Event name of the report of a final batch, the last event of a stream. */
	static final String FINAL_EVENT = "final";

	private static final MediaType JSON_TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

	/** A comment line sent when nothing else was, so that the write to a vanished client fails. */
	private static final Object KEEP_ALIVE = new Object();

	private final String batchId;

	private final SseEmitter emitter;

	private final Executor executor;

	private final AtomicReference<@Nullable Object> pending = new AtomicReference<>();

	private final AtomicBoolean writing = new AtomicBoolean();

	private volatile boolean closed;

	/** {@link System#nanoTime()} of the last message put in line. */
	private volatile long lastOfferNanos = System.nanoTime();

	EventStream(String batchId, SseEmitter emitter, Executor executor) {
		this.batchId = batchId;
		this.emitter = emitter;
		this.executor = executor;
	}

	String batchId() {
		return this.batchId;
	}

	SseEmitter emitter() {
		return this.emitter;
	}

	/** Puts a report in line, replacing one that was not sent yet. A final report ends the stream once sent. */
	void offer(BatchProgressReport report) {
		if (this.closed) {
			return;
		}
		this.lastOfferNanos = System.nanoTime();
		this.pending.set(report);
		startWriting();
	}

	/** Sends a comment line if nothing was put in line for {@code idleNanos}. */
	void keepAlive(long idleNanos) {
		if (this.closed || System.nanoTime() - this.lastOfferNanos < idleNanos) {
			return;
		}
		this.lastOfferNanos = System.nanoTime();
		if (this.pending.compareAndSet(null, KEEP_ALIVE)) {
			startWriting();
		}
	}

	/** Ends the stream without a final event, such as when the aggregator no longer reads the batch. */
	void close() {
		if (!this.closed) {
			this.closed = true;
			this.emitter.complete();
		}
	}

	boolean isClosed() {
		return this.closed;
	}

	private void startWriting() {
		if (this.writing.compareAndSet(false, true)) {
			this.executor.execute(this::writePending);
		}
	}

	private void writePending() {
		try {
			Object message = this.pending.getAndSet(null);
			while (message != null && !this.closed) {
				write(message);
				message = this.pending.getAndSet(null);
			}
		}
		finally {
			this.writing.set(false);
		}
		// A message put in line after the loop ended and before the flag was cleared started no writer.
		if (this.pending.get() != null && !this.closed) {
			startWriting();
		}
	}

	private void write(Object message) {
		try {
			if (message instanceof BatchProgressReport report) {
				boolean last = report.status().isFinal();
				this.emitter.send(SseEmitter.event()
					.name(last ? FINAL_EVENT : PROGRESS_EVENT)
					.data(Json.mapper().writeValueAsString(report), JSON_TEXT));
				if (last) {
					close();
				}
			}
			else {
				this.emitter.send(SseEmitter.event().comment("keep-alive"));
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away, or the emitter completed or timed out. The servlet container reports the broken
			// connection to the emitter's error callback, which removes the stream.
			logger.debug("Event stream of batch {} closed while writing: {}", this.batchId, ex.toString());
			this.closed = true;
		}
	}

}
