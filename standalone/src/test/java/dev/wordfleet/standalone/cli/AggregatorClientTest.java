package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.Json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link AggregatorClient#requireBatch} finds a batch by its id or the start of its id, against an HTTP server on
 * 127.0.0.1 that responds as the aggregator's API does.
 */
class AggregatorClientTest {

	private static final List<BatchProgress> BATCHES = List.of(batch("ab12-first"), batch("ab34-second"),
			batch("cd56-third"));

	private static HttpServer server;

	private static URI baseUrl;

	@BeforeAll
	static void startServer() throws IOException {
		Map<String, BatchProgress> byId = BATCHES.stream()
			.collect(Collectors.toMap(BatchProgress::batchId, Function.identity()));
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/batches", (exchange) -> {
			try (exchange) {
				String path = exchange.getRequestURI().getPath();
				Object body = path.equals("/batches") ? BATCHES : byId.get(path.substring("/batches/".length()));
				if (body == null) {
					exchange.sendResponseHeaders(404, -1);
					return;
				}
				byte[] json = Json.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, json.length);
				exchange.getResponseBody().write(json);
			}
		});
		server.start();
		baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.stop(0);
		}
	}

	@Test
	void wholeIdFindsBatch() {
		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThat(client.requireBatch("ab34-second").batchId()).isEqualTo("ab34-second");
		}
	}

	@Test
	void uniquePrefixFindsBatch() {
		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThat(client.requireBatch("cd").batchId()).isEqualTo("cd56-third");
			assertThat(client.requireBatch("ab1").batchId()).isEqualTo("ab12-first");
		}
	}

	@Test
	void sharedPrefixListsMatches() {
		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch("ab"))
				.withMessage("2 batches at the aggregator at " + baseUrl + " have ids that start with ab (ab12-first, "
						+ "ab34-second); give more of the id");
		}
	}

	@Test
	void unknownIdNotFound() {
		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch("ef"))
				.withMessageStartingWith("batch ef not found at the aggregator at " + baseUrl);
		}
	}

	@Test
	void blankIdRejected() {
		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> client.requireBatch(" "))
				.withMessageStartingWith("the batch id is empty");
		}
	}

	private static BatchProgress batch(String id) {
		return new BatchProgress(id, BatchStatus.COMPLETED, null, 1, 1, 0, 0, 3, 2, 100, List.of(), null, null);
	}

}
