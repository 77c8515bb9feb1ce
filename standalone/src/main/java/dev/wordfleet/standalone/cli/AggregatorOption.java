package dev.wordfleet.standalone.cli;

import java.net.URI;

import picocli.CommandLine.Option;

/**
 * The {@code --aggregator-url} option of the commands that read a fleet's batches from its aggregator.
 */
class AggregatorOption {

	@Option(names = "--aggregator-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8081",
			converter = Conversions.HttpUrlConverter.class,
			description = "Base URL of the fleet's aggregator, whose HTTP API reports the batches' progress and "
					+ "words (default: ${DEFAULT-VALUE}).")
	URI url;

}
