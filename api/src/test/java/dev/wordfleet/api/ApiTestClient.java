package dev.wordfleet.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP client for tests of an application on 127.0.0.1: each request has a timeout, and headers are given per
 * request.
 */
public final class ApiTestClient implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	public ApiTestClient(int port) {
		this.port = port;
	}

	public HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
		return send(request(path, headers).GET());
	}

	/** Sends a POST whose body has a {@code Content-Length}. */
	public HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers)
			throws IOException, InterruptedException {
		return send(request(path, headers).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** Sends a POST whose body has no declared length, so it goes in chunks. */
	public HttpResponse<String> postChunked(String path, String contentType, String body,
			Map<String, String> headers) throws IOException, InterruptedException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return send(request(path, headers).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
	}

	/** Reads a response body as JSON. */
	public static JsonNode json(HttpResponse<String> response) {
		return MAPPER.readTree(response.body());
	}

	private HttpRequest.Builder request(String path, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(TIMEOUT);
		headers.forEach(request::header);
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		this.http.close();
	}

}
