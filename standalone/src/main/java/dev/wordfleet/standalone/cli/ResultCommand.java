package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.WordCount;

/**
 * {@code wordfleet result}: prints the words of a batch that has finished, for a batch submitted without
 * {@code --wait} or whose wait was stopped.
 */
@Command(name = "result", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Prints the words of a finished batch from a fleet's aggregator, as 'run' and 'submit --wait' "
				+ "print them, with the batch's summary on standard error.",
		footer = "%nThe aggregator keeps a finished batch's words for wordfleet.aggregator.finished-batch-retention "
				+ "(1h by default).",
		exitCodeListHeading = "%nExit status:%n",
		exitCodeList = { "0:the batch completed and its words were printed",
				"1:the batch failed, was cancelled or is still running, or the aggregator did not respond, has no "
						+ "such batch or no longer keeps its words",
				"2:invalid usage" })
class ResultCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Mixin
	BatchParameter batch;

	@Mixin
	AggregatorOption aggregatorOption;

	@Mixin
	ResultOptions resultOptions;

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() throws IOException {
		this.resultOptions.requireWritableOutput();
		PrintWriter err = this.spec.commandLine().getErr();
		try (AggregatorClient aggregator = this.aggregatorOption.client()) {
			BatchProgress result = aggregator.requireBatch(this.batch.batchId);
			String resolvedId = result.batchId();
			if (!result.status().isFinal()) {
				throw new CommandFailedException("batch " + resolvedId + " is still running (" + result.done()
						+ " counted, " + result.failed() + " failed" + pendingNote(result) + "); '"
						+ aggregator.commandLine("status", resolvedId) + "' shows its progress, so ask again once it "
						+ "has finished");
			}
			if (result.status() != BatchStatus.COMPLETED) {
				ResultOutput.reportFailure(result, err);
				return WordfleetCommand.EXIT_BATCH_FAILED;
			}
			List<WordCount> words = aggregator.words(resolvedId, this.resultOptions.top());
			ResultOutput.writeCompleted(result, words, this.resultOptions,
					ResultOutput.summary(result, runningTime(result)), this.spec.commandLine().getOut(), err);
			return 0;
		}
	}

	private static String pendingNote(BatchProgress progress) {
		return (progress.pending() != null) ? ", " + progress.pending() + " pending" : "";
	}

	/** Returns the time from the batch's submission to its end, or zero when the progress lacks either time. */
	private static Duration runningTime(BatchProgress result) {
		if (result.submittedAt() == null || result.finishedAt() == null) {
			return Duration.ZERO;
		}
		return Duration.between(result.submittedAt(), result.finishedAt());
	}

}
