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
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		this.http.close();
	}

}
