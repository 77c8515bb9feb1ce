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

	/** The bearer token that the server requires, or {@code null} for none. */
	private static volatile String requiredToken;

	private static HttpServer server;

	private static URI baseUrl;

	@BeforeAll
	static void startServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/batches", (exchange) -> {
			try (exchange) {
				String path = exchange.getRequestURI().getPath();
				requestedPaths.add(exchange.getRequestMethod().equals("GET") ? path
						: exchange.getRequestMethod() + " " + path);
				String token = requiredToken;
				if (token != null
						&& !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
					exchange.sendResponseHeaders(401, -1);
					return;
				}
				if (path.equals("/batches") && listFails) {
					exchange.sendResponseHeaders(500, -1);
					return;
				}
				int status = 200;
				Object body;
				if (path.endsWith("/cancel") && exchange.getRequestMethod().equals("POST")) {
					BatchProgress batch = find(path.substring("/batches/".length(), path.length() - "/cancel".length()));
					boolean running = batch != null && batch.status() == BatchStatus.RUNNING;
					body = running ? cancelled(batch) : null;
					status = (batch != null && !running) ? 409 : 202;
				}
				else {
					body = path.equals("/batches") ? batches : find(path.substring("/batches/".length()));
				}
				if (body == null) {
					exchange.sendResponseHeaders((status == 409) ? 409 : 404, -1);
					return;
				}
				byte[] json = Json.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(status, json.length);
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
		batches.add(new BatchProgress("12ab-running", BatchStatus.RUNNING, null, 3, 1, 0, 2, 3, 2, 100, List.of(),
				null, null));
		requestedPaths.clear();
		listFails = false;
		requiredToken = null;
	}

	@Test
	void wholeIdFindsBatch() {
		try (AggregatorClient client = openClient()) {
			assertThat(client.requireBatch("ab34-second").batchId()).isEqualTo("ab34-second");
		}
		assertThat(requestedPaths).containsExactly("/batches/ab34-second");
	}

	@Test
	void wholeIdWinsOverLongerIds() {
		try (AggregatorClient client = openClient()) {
			assertThat(client.requireBatch("ef78").batchId()).isEqualTo("ef78");
		}
	}

	@Test
	void uniquePrefixFindsBatch() {
		try (AggregatorClient client = openClient()) {
			assertThat(client.requireBatch("cd").batchId()).isEqualTo("cd56-third");
			assertThat(client.requireBatch("ab1").batchId()).isEqualTo("ab12-first");
		}
	}

	@Test
	void prefixMatchesAnyCase() {
		try (AggregatorClient client = openClient()) {
			assertThat(client.requireBatch("CD5").batchId()).isEqualTo("cd56-third");
		}
	}

	@Test
	void chosenIdFoundWhole() {
		batches.add(batch("nightly_2026.12~a"));
		batches.add(batch("nightly_2026.12~ab"));

		try (AggregatorClient client = openClient()) {
			assertThat(client.requireBatch("nightly_2026.12~a").batchId()).isEqualTo("nightly_2026.12~a");
		}
		assertThat(requestedPaths).containsExactly("/batches/nightly_2026.12~a");
	}

	@Test
	void sameCaseDecidesBetweenMatches() {
		batches.add(batch("Mixed-1"));
		batches.add(batch("mixed-2"));

		try (AggregatorClient client = openClient()) {
			assertThat(client.requireBatch("Mix").batchId()).isEqualTo("Mixed-1");
			assertThat(client.requireBatch("mix").batchId()).isEqualTo("mixed-2");
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch("MIX"))
				.withMessageStartingWith("2 batches at the aggregator at " + baseUrl + " have ids that start with "
						+ "'MIX' (Mixed-1, mixed-2)");
		}
	}

	@Test
	void sharedPrefixListsMatches() {
		try (AggregatorClient client = openClient()) {
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

		try (AggregatorClient client = openClient()) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch("aa"))
				.withMessage("7 batches at the aggregator at " + baseUrl + " have ids that start with 'aa' ("
						+ String.join(", ", ids.subList(0, 5)) + ", ...); give more of the id");
		}
	}

	@Test
	void unknownIdNotFound() {
		try (AggregatorClient client = openClient()) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch("99"))
				.withMessageStartingWith("batch 99 not found at the aggregator at " + baseUrl);
		}
	}

	@Test
	void idWithPathCharactersNotRequested() {
		try (AggregatorClient client = openClient()) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch(".."))
				.withMessageStartingWith("batch .. not found at the aggregator at " + baseUrl);
		}
		assertThat(requestedPaths).containsExactly("/batches");
	}

	@Test
	void failedListingNamesId() {
		listFails = true;

		try (AggregatorClient client = openClient()) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch("ab"))
				.withMessageStartingWith("batch ab was not found by its whole id, and listing the batches to find it "
						+ "by the start of its id failed: the aggregator at " + baseUrl
						+ " responded to GET /batches with HTTP 500");
		}
	}

	@Test
	void blankIdRejected() {
		try (AggregatorClient client = openClient()) {
			assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> client.requireBatch(" "))
				.withMessageStartingWith("the batch id is empty");
		}
		assertThat(requestedPaths).isEmpty();
	}

	@Test
	void tokenSentAsBearer() {
		requiredToken = "s3cret";

		try (AggregatorClient client = new AggregatorClient(baseUrl, " s3cret\n")) {
			assertThat(client.requireBatch("ab34-second").batchId()).isEqualTo("ab34-second");
		}
	}

	@Test
	void missingTokenNamesVariable() {
		requiredToken = "s3cret";

		try (AggregatorClient client = new AggregatorClient(baseUrl, "  ")) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.requireBatch("ab"))
				.withMessage("the aggregator at " + baseUrl + " requires a bearer token (HTTP 401 for GET /batches/ab); "
						+ "set WORDFLEET_API_TOKEN to the value of its wordfleet.api.token");
		}
	}

	@Test
	void wrongTokenRejected() {
		requiredToken = "s3cret";

		try (AggregatorClient client = new AggregatorClient(baseUrl, "guess")) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.batches())
				.withMessageStartingWith("the aggregator at " + baseUrl + " rejected the bearer token (HTTP 401 for "
						+ "GET /batches)")
				.withMessageNotContaining("guess");
		}
	}

	@Test
	void cancelReturnsProgress() {
		try (AggregatorClient client = openClient()) {
			BatchProgress progress = client.cancel("12ab-running");

			assertThat(progress.batchId()).isEqualTo("12ab-running");
			assertThat(progress.status()).isEqualTo(BatchStatus.CANCELLED);
		}
		assertThat(requestedPaths).containsExactly("POST /batches/12ab-running/cancel");
	}

	@Test
	void cancelOfEndedBatchFails() {
		try (AggregatorClient client = openClient()) {
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.cancel("cd56-third"))
				.withMessage("batch cd56-third has already ended, so there is nothing to cancel; 'wordfleet status "
						+ "--aggregator-url " + baseUrl + " cd56-third' shows how it ended");
			assertThatExceptionOfType(CommandFailedException.class).isThrownBy(() -> client.cancel("99"))
				.withMessageStartingWith("batch 99 not found at the aggregator at " + baseUrl);
		}
	}

	@Test
	void commandLineNamesUrlOtherThanDefault() {
		try (AggregatorClient atDefault = new AggregatorClient(URI.create(AggregatorOption.DEFAULT_URL), null);
				AggregatorClient elsewhere = openClient()) {
			assertThat(atDefault.commandLine("result", "ab12")).isEqualTo("wordfleet result ab12");
			assertThat(elsewhere.commandLine("result", "ab12"))
				.isEqualTo("wordfleet result --aggregator-url " + baseUrl + " ab12");
		}
	}

	/** Returns a client of the test server that sends no bearer token. */
	private static AggregatorClient openClient() {
		return new AggregatorClient(baseUrl, null);
	}

	private static BatchProgress cancelled(BatchProgress batch) {
		return new BatchProgress(batch.batchId(), BatchStatus.CANCELLED, "cancelled on request", batch.urlCount(),
				batch.done(), batch.failed(), batch.pending(), batch.totalWords(), batch.distinctWords(),
				batch.pageBytes(), List.of(), null, null);
	}

	private static BatchProgress find(String id) {
		Optional<BatchProgress> found = batches.stream().filter((batch) -> batch.batchId().equals(id)).findFirst();
		return found.orElse(null);
	}

	private static BatchProgress batch(String id) {
		return new BatchProgress(id, BatchStatus.COMPLETED, null, 1, 1, 0, 0, 3, 2, 100, List.of(), null, null);
	}

}
