package dev.wordfleet.standalone.cli;

import java.time.Duration;

import picocli.CommandLine.Option;

/**
 * Options of the commands that wait for a batch: whether to show its progress, and how long to wait for it to move.
 */
class ProgressOptions {

	@Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
			completionCandidates = Conversions.ProgressNames.class,
			description = "Show a progress bar on standard error: auto (when it is a terminal), always or never "
					+ "(default: ${DEFAULT-VALUE}).")
	ProgressDisplay.When progress;

	@Option(names = "--stall-timeout", paramLabel = "DURATION", defaultValue = "10m",
			converter = Conversions.DurationConverter.class,
			description = "Give up when no URL has finished for this long (default: ${DEFAULT-VALUE}).")
	Duration stallTimeout;

}
