package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

	private static final List<String> IDS = List.of("ab12-first", "ab34-second", "cd56-third", "ef78", "ef78-longer");

	/** The batches that the server lists and serves. */
	private static final List<BatchProgress> batches = new CopyOnWriteArrayList<>();

	/** Paths of the requests that the server received, in order. */
	private static final List<String> requestedPaths = new CopyOnWriteArrayList<>();

	private static volatile boolean listFails;

	private static HttpServer server;

	private static URI baseUrl;

	@BeforeAll
	static void startServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/batches", (exchange) -> {
			try (exchange) {
				String path = exchange.getRequestURI().getPath();
				requestedPaths.add(path);
				if (path.equals("/batches") && listFails) {
					exchange.sendResponseHeaders(500, -1);
					return;
				}
				Object body = path.equals("/batches") ? batches : find(path.substring("/batches/".length()));
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

	@BeforeEach
	void resetServer() {
		batches.clear();
		IDS.forEach((id) -> batches.add(batch(id)));
		requestedPaths.clear();
		listFails = false;
	}

	@Test
	void wholeIdFindsBatch() {
		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThat(client.requireBatch("ab34-second").batchId()).isEqualTo("ab34-second");
		}
		assertThat(requestedPaths).containsExactly("/batches/ab34-second");
	}

	@Test
	void wholeIdWinsOverLongerIds() {
		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThat(client.requireBatch("ef78").batchId()).isEqualTo("ef78");
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
	void prefixMatchesAnyCase() {
		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThat(client.requireBatch("CD5").batchId()).isEqualTo("cd56-third");
		}
	}

	@Test
	void sharedPrefixListsMatches() {
		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch("ab"))
				.withMessage("2 batches at the aggregator at " + baseUrl + " have ids that start with 'ab' "
						+ "(ab12-first, ab34-second); give more of the id");
		}
	}

	@Test
	void manyMatchesListedInPart() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			ids.add("aa" + i);
			batches.add(batch("aa" + i));
		}

		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch("aa"))
				.withMessage("7 batches at the aggregator at " + baseUrl + " have ids that start with 'aa' ("
						+ String.join(", ", ids.subList(0, 5)) + ", ...); give more of the id");
		}
	}

	@Test
	void unknownIdNotFound() {
		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch("99"))
				.withMessageStartingWith("batch 99 not found at the aggregator at " + baseUrl);
		}
	}

	@Test
	void idWithPathCharactersNotRequested() {
		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch(".."))
				.withMessageStartingWith("batch .. not found at the aggregator at " + baseUrl);
		}
		assertThat(requestedPaths).containsExactly("/batches");
	}

	@Test
	void failedListingNamesId() {
		listFails = true;

		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch("ab"))
				.withMessageStartingWith("batch ab was not found by its whole id, and listing the batches to find it "
						+ "by the start of its id failed: the aggregator at " + baseUrl
						+ " responded to GET /batches with HTTP 500");
		}
	}

	@Test
	void blankIdRejected() {
		try (AggregatorClient client = new AggregatorClient(baseUrl)) {
			assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> client.requireBatch(" "))
				.withMessageStartingWith("the batch id is empty");
		}
		assertThat(requestedPaths).isEmpty();
	}

	private static BatchProgress find(String id) {
		Optional<BatchProgress> found = batches.stream().filter((batch) -> batch.batchId().equals(id)).findFirst();
		return found.orElse(null);
	}

	private static BatchProgress batch(String id) {
		return new BatchProgress(id, BatchStatus.COMPLETED, null, 1, 1, 0, 0, 3, 2, 100, List.of(), null, null);
	}

}
