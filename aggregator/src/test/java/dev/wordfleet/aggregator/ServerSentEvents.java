package dev.wordfleet.aggregator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * A client of one Server-Sent Events stream, read with {@link HttpClient}. It reads events one at a time, each
 * within a timeout, and skips comment lines.
 */
final class ServerSentEvents implements AutoCloseable {

	/** One event: its name ({@code message} when the stream names none) and its data lines joined by line breaks. */
	record Event(String name, String data) {
	}

	private final HttpResponse<InputStream> response;

	private final BufferedReader reader;

	private final ExecutorService readerThread = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

	private ServerSentEvents(HttpResponse<InputStream> response) {
		this.response = response;
		this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
	}

	/** Opens the stream at {@code uri} and waits at most 30 seconds for the response's headers. */
	static ServerSentEvents open(HttpClient http, URI uri) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "text/event-stream")
			.GET()
			.build();
		return new ServerSentEvents(http.send(request, HttpResponse.BodyHandlers.ofInputStream()));
	}

	HttpResponse<InputStream> response() {
		return this.response;
	}

	/**
	 * Reads the next event.
	 * @return the event, or {@code null} when the server ended the stream
	 * @throws TimeoutException when no whole event arrived within {@code timeout}
	 */
	@Nullable Event next(Duration timeout) throws InterruptedException, TimeoutException {
		Future<@Nullable Event> event = this.readerThread.submit(this::readEvent);
		try {
			return event.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("reading the event stream failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			event.cancel(true);
			throw ex;
		}
	}

	private @Nullable Event readEvent() throws IOException {
		String name = "message";
		StringBuilder data = null;
		String line;
		while ((line = this.reader.readLine()) != null) {
			if (line.isEmpty()) {
				if (data != null) {
					return new Event(name, data.toString());
				}
				name = "message";
			}
			else if (line.startsWith("event:")) {
				name = line.substring("event:".length()).strip();
			}
			else if (line.startsWith("data:")) {
				String value = line.substring("data:".length());
				value = value.startsWith(" ") ? value.substring(1) : value;
				data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
			}
		}
		return null;
	}

	/** Closes the connection, as a client that goes away does. */
	@Override
	public void close() {
		this.readerThread.shutdownNow();
		try {
			this.response.body().close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
