package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.WordCount;

/**
 * Reads batches from the aggregator's HTTP API and cancels them: {@code GET /batches}, {@code GET /batches/{id}},
 * {@code GET /batches/{id}/words} and {@code POST /batches/{id}/cancel}, each with the bearer token when one is given.
 */
final class AggregatorClient implements AutoCloseable {

	/** Maximum wait to open a connection to the aggregator. */
	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * The characters of a batch id: a random one is a UUID, and one that a client chooses takes letters, digits and
	 * {@code . _ ~ -}, as the producer checks. A path segment of dots alone would name another path, so it is left out.
	 */
	private static final Pattern BATCH_ID_CHARS = Pattern.compile("(?!\\.+$)[A-Za-z0-9._~-]+");

	/** Maximum number of batch ids that the error for an ambiguous id prefix lists. */
	private static final int MAX_LISTED_MATCHES = 5;

	/** Maximum wait for a whole response; the word list of a large batch takes a while to send. */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

	private final URI baseUrl;

	private final @Nullable String apiToken;

	private final HttpClient http;

	/**
	 * @param baseUrl the aggregator's base URL without a trailing slash, such as {@code http://127.0.0.1:8081}
	 * @param apiToken the bearer token that every request carries, or {@code null} or blank to send none
	 */
	AggregatorClient(URI baseUrl, @Nullable String apiToken) {
		this.baseUrl = baseUrl;
		this.apiToken = (apiToken == null || apiToken.isBlank()) ? null : apiToken.strip();
		// HTTP/1.1, because the client's default HTTP/2 would send an h2c upgrade request to a plain http URL first.
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(CONNECT_TIMEOUT)
			.build();
	}

	URI baseUrl() {
		return this.baseUrl;
	}

	/** Returns every batch that the aggregator tracks, most recently submitted first. */
	List<BatchProgress> batches() {
		String body = getExpectingOk("/batches");
		return parse("/batches", body, new TypeReference<List<BatchProgress>>() {
		});
	}

	/** Returns a batch's progress, or empty when the aggregator has not read the batch (yet). */
	Optional<BatchProgress> batch(String batchId) {
		String path = batchPath(batchId);
		HttpResponse<String> response = get(path);
		if (response.statusCode() == 404) {
			return Optional.empty();
		}
		requireOk(path, response);
		return Optional.of(parse(path, response.body(), new TypeReference<BatchProgress>() {
		}));
	}

	/**
	 * Returns the progress of a batch given by its id or by the start of its id, as long as no other batch that the
	 * aggregator tracks starts the same way. The start is compared without regard to case, so that a UUID may be typed
	 * in capitals, unless that leaves more than one batch: then only the batches that start with it in the same case
	 * count.
	 * @param idOrPrefix the batch's whole id, or enough of its first characters to tell it from the other batches
	 * @throws InvalidInputException when the id is blank
	 * @throws CommandFailedException when no batch or more than one matches, with what to do next
	 */
	BatchProgress requireBatch(String idOrPrefix) {
		if (idOrPrefix.isBlank()) {
			throw new InvalidInputException("the batch id is empty; give the id that submit printed, or its start, "
					+ "and 'wordfleet status' lists the batches");
		}
		// Other characters cannot be part of an id, and a path such as ".." would reach another page.
		Optional<BatchProgress> exact = BATCH_ID_CHARS.matcher(idOrPrefix).matches() ? batch(idOrPrefix)
				: Optional.empty();
		if (exact.isPresent()) {
			return exact.get();
		}
		List<BatchProgress> matches = batchesStartingWith(idOrPrefix);
		if (matches.size() == 1) {
			return matches.getFirst();
		}
		if (matches.isEmpty()) {
			throw batchNotFound(idOrPrefix);
		}
		List<String> ids = matches.stream().map(BatchProgress::batchId).limit(MAX_LISTED_MATCHES).toList();
		throw new CommandFailedException(matches.size() + " batches at the aggregator at " + this.baseUrl
				+ " have ids that start with '" + idOrPrefix + "' (" + String.join(", ", ids)
				+ ((matches.size() > ids.size()) ? ", ..." : "") + "); give more of the id");
	}

	private List<BatchProgress> batchesStartingWith(String prefix) {
		List<BatchProgress> all;
		try {
			all = batches();
		}
		catch (AggregatorUnavailableException ex) {
			throw ex;
		}
		catch (AggregatorException ex) {
			throw new AggregatorException("batch " + prefix + " was not found by its whole id, and listing the "
					+ "batches to find it by the start of its id failed: " + ex.getMessage(), ex);
		}
		List<BatchProgress> anyCase = all.stream()
			.filter((batch) -> batch.batchId().regionMatches(true, 0, prefix, 0, prefix.length()))
			.toList();
		List<BatchProgress> sameCase = anyCase.stream().filter((batch) -> batch.batchId().startsWith(prefix)).toList();
		return (anyCase.size() > 1 && sameCase.size() == 1) ? sameCase : anyCase;
	}

	/**
	 * Cancels a running batch on every worker.
	 * @param batchId the batch's whole id
	 * @return the batch's progress when it was cancelled
	 * @throws CommandFailedException when the aggregator does not know the batch or the batch has already ended
	 */
	BatchProgress cancel(String batchId) {
		String path = batchPath(batchId) + "/cancel";
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.POST(HttpRequest.BodyPublishers.noBody()));
		if (response.statusCode() == 404) {
			throw batchNotFound(batchId);
		}
		if (response.statusCode() == 409) {
			throw new CommandFailedException("batch " + batchId + " has already ended, so there is nothing to cancel; "
					+ "'" + commandLine("status", batchId) + "' shows how it ended");
		}
		if (response.statusCode() != 202) {
			throw unexpectedStatus("POST", path, response);
		}
		return parse(path, response.body(), new TypeReference<BatchProgress>() {
		});
	}

	private CommandFailedException batchNotFound(String batchId) {
		return new CommandFailedException("batch " + batchId + " not found at the aggregator at " + this.baseUrl
				+ "; check the id, or wait until the aggregator has read the batch's events");
	}

	/**
	 * Returns the {@code wordfleet} command line that runs a command of this kind on a batch at this aggregator, for
	 * hints in messages, such as {@code wordfleet status --aggregator-url http://127.0.0.1:9081 2b9c}. The URL is left
	 * out when it is the default.
	 */
	String commandLine(String command, String batchId) {
		String url = this.baseUrl.toString().equals(AggregatorOption.DEFAULT_URL) ? ""
				: " --aggregator-url " + this.baseUrl;
		return "wordfleet " + command + url + " " + batchId;
	}

	/**
	 * Returns a batch's most frequent words, highest count first.
	 * @param top maximum number of words; 0 returns all of them
	 */
	List<WordCount> words(String batchId, int top) {
		String path = batchPath(batchId) + "/words?format=json&top=" + top;
		String body = getExpectingOk(path);
		return parse(path, body, new TypeReference<List<WordCount>>() {
		});
	}

	private static String batchPath(String batchId) {
		// URLEncoder encodes for forms, where a space is "+"; in a path it must be "%20".
		return "/batches/" + URLEncoder.encode(batchId, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private String getExpectingOk(String path) {
		HttpResponse<String> response = get(path);
		requireOk(path, response);
		return response.body();
	}

	private HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET());
	}

	/** Sends a request with the JSON accept header and the bearer token, if any, and reads the whole response. */
	private HttpResponse<String> send(HttpRequest.Builder builder) {
		builder.timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
		if (this.apiToken != null) {
			builder.header("Authorization", "Bearer " + this.apiToken);
		}
		try {
			return this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new AggregatorUnavailableException(this.baseUrl, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AggregatorUnavailableException(this.baseUrl, ex);
		}
	}

	private void requireOk(String path, HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			throw unexpectedStatus("GET", path, response);
		}
	}

	private AggregatorException unexpectedStatus(String method, String path, HttpResponse<String> response) {
		if (response.statusCode() == 401) {
			return new AggregatorException((this.apiToken == null)
					? "the aggregator at " + this.baseUrl + " requires a bearer token (HTTP 401 for " + method + " "
							+ path + "); set WORDFLEET_API_TOKEN to the value of its wordfleet.api.token"
					: "the aggregator at " + this.baseUrl + " rejected the bearer token (HTTP 401 for " + method + " "
							+ path + "); check that the token of --api-token, WORDFLEET_API_TOKEN or the config file "
							+ "equals its wordfleet.api.token");
		}
		String body = response.body().strip();
		return new AggregatorException("the aggregator at " + this.baseUrl + " responded to " + method + " " + path
				+ " with HTTP " + response.statusCode()
				+ (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(body.length(), 500))));
	}

	private <T> T parse(String path, String body, TypeReference<T> type) {
		try {
			return Json.mapper().readValue(body, type);
		}
		catch (JacksonException ex) {
			throw new AggregatorException("the response of " + this.baseUrl + path
					+ " is not a wordfleet aggregator's JSON; check --aggregator-url: " + ex.getOriginalMessage());
		}
	}

	@Override
	public void close() {
		this.http.close();
	}

	/** The aggregator responded in a way this client cannot use. */
	static class AggregatorException extends CommandFailedException {

		AggregatorException(String message) {
			super(message);
		}

		AggregatorException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/** No aggregator responded at the URL: it is not running, not reachable or too slow. */
	static class AggregatorUnavailableException extends AggregatorException {

		AggregatorUnavailableException(URI baseUrl, Exception cause) {
			super("no aggregator responded at " + baseUrl + " (" + cause + "); start one with 'wordfleet aggregator' "
					+ "or 'docker compose up', or pass --aggregator-url with the address of yours", cause);
		}

	}

}
