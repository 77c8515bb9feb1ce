package dev.wordfleet.standalone.cli;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import picocli.CommandLine.Option;

/**
 * The {@code --aggregator-url} and {@code --api-token} options of the commands that use a fleet's aggregator.
 */
class AggregatorOption {

	/** The option of the bearer token, whose value help and error messages never show. */
	static final String API_TOKEN_OPTION = "--api-token";

	/** The URL of the aggregator role's HTTP API when --server.address and --server.port are not set. */
	static final String DEFAULT_URL = "http://127.0.0.1:8081";

	@Option(names = "--aggregator-url", paramLabel = "URL", defaultValue = DEFAULT_URL,
			converter = Conversions.HttpUrlConverter.class,
			description = "Base URL of the fleet's aggregator, whose HTTP API reports the batches' progress and "
					+ "words (default: ${DEFAULT-VALUE}).")
	URI url;

	@Option(names = API_TOKEN_OPTION, paramLabel = "TOKEN",
			description = "Bearer token for the aggregator's HTTP API, which it requires when its wordfleet.api.token "
					+ "is set (default: none). Prefer the environment variable WORDFLEET_API_TOKEN, because other "
					+ "users of the machine can read a command line.")
	@Nullable String apiToken;

	/** Returns a client of the aggregator at the URL, with the token if one is given. */
	AggregatorClient client() {
		return new AggregatorClient(this.url, this.apiToken);
	}

}
