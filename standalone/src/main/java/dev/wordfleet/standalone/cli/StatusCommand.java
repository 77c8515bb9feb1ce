package dev.wordfleet.standalone.cli;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.wordfleet.aggregator.batch.BatchProgress;

/**
 * {@code wordfleet status}: lists the batches that the aggregator tracks, or shows one batch's progress.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Lists the batches that a fleet's aggregator tracks, most recently submitted first, or shows "
				+ "one batch's progress, as the aggregator's HTTP API reports them.",
		footer = "%nAn aggregator tracks the batches of the batch-events partitions it reads, so with several "
				+ "aggregators each lists its own share.",
		exitCodeListHeading = "%nExit status:%n",
		exitCodeList = { "0:the status was shown",
				"1:no aggregator responded at --aggregator-url, or it has no such batch",
				"2:invalid usage" })
class StatusCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(index = "0", arity = "0..1", paramLabel = "BATCH",
			description = "Id of the batch to show, or the start of it that no other batch shares (default: list "
					+ "every batch).")
	@Nullable String batchId;

	@Mixin
	AggregatorOption aggregatorOption;

	@Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
			completionCandidates = Conversions.StatusFormatNames.class,
			description = "Output format: table; tsv or csv with the columns batch, status, urls, done, failed, "
					+ "pending, submitted_at and finished_at, csv with a header line and tsv without, as the words' "
					+ "formats; or json as the aggregator serves it (default: ${DEFAULT-VALUE}).")
	StatusOutput.Format format;

	@Mixin
	ConfigOption config;

	/** Clock for the batches' age. */
	Clock clock = Clock.systemUTC();

	@Override
	public Integer call() {
		StatusOutput output = new StatusOutput(this.format, this.clock.instant(), this.spec.commandLine().getOut());
		try (AggregatorClient aggregator = this.aggregatorOption.client()) {
			if (this.batchId == null) {
				List<BatchProgress> batches = aggregator.batches();
				output.writeBatches(batches);
				if (batches.isEmpty() && this.format == StatusOutput.Format.TABLE) {
					this.spec.commandLine().getErr().println("The aggregator at " + this.aggregatorOption.url
							+ " tracks no batches.");
				}
			}
			else {
				output.writeBatch(aggregator.requireBatch(this.batchId));
			}
		}
		this.spec.commandLine().getOut().flush();
		this.spec.commandLine().getErr().flush();
		return 0;
	}

}
