package dev.wordfleet.aggregator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An HTTP client for the API of an aggregator that a test started on 127.0.0.1. */
final class AggregatorHttp implements AutoCloseable {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	AggregatorHttp(int port) {
		this.port = port;
	}

	/** Sends a GET request for a path, such as {@code /batches/b1}, and returns the response with its body. */
	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	/** Sends a POST request without a body, such as {@code /batches/b1/cancel}, and returns the response. */
	HttpResponse<String> post(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	/** Opens the server-sent events of a path, such as {@code /batches/b1/events}. */
	ServerSentEvents events(String path) throws IOException, InterruptedException {
		return ServerSentEvents.open(this.http, uri(path));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	@Override
	public void close() {
		this.http.close();
	}

}
