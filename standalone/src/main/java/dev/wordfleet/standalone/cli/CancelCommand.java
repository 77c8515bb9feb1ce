package dev.wordfleet.standalone.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import dev.wordfleet.aggregator.batch.BatchProgress;

/**
 * {@code wordfleet cancel}: cancels a running batch through the aggregator's HTTP API.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Cancels a running batch through a fleet's aggregator: every worker skips the batch's queued "
				+ "jobs and aborts its fetches, as after a first failure.",
		exitCodeListHeading = "%nExit status:%n",
		exitCodeList = { "0:the batch was cancelled",
				"1:the batch had already ended, or the aggregator did not respond or has no such batch",
				"2:invalid usage" })
class CancelCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Mixin
	BatchParameter batch;

	@Mixin
	AggregatorOption aggregatorOption;

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() {
		try (AggregatorClient aggregator = this.aggregatorOption.client()) {
			String resolvedId = aggregator.requireBatch(this.batch.batchId).batchId();
			BatchProgress progress = aggregator.cancel(resolvedId);
			PrintWriter out = this.spec.commandLine().getOut();
			out.println("Cancelled batch " + resolvedId + ": " + progress.done() + " counted, " + progress.failed()
					+ " failed" + ((progress.pending() != null) ? ", " + progress.pending() + " not counted" : ""));
			out.flush();
			return 0;
		}
	}

}
