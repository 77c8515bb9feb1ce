package dev.wordfleet.standalone.cli;

import picocli.CommandLine.Parameters;

/**
 * The {@code BATCH} parameter of the commands that act on one batch that the aggregator tracks.
 */
class BatchParameter {

	@Parameters(index = "0", paramLabel = "BATCH",
			description = "Id of the batch, as submit prints it, or the start of it that no other batch "
					+ "shares (default: none, it is required).")
	String batchId;

}
