package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.producer.batch.BatchOptions;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.Durations;
import dev.wordfleet.protocol.WordCount;
import dev.wordfleet.standalone.fleet.FleetOptions;
import dev.wordfleet.standalone.fleet.LocalFleet;

/**
 * {@code wordfleet run}: starts a whole fleet in this JVM, counts one batch and prints its words.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Starts a fleet on this machine (an embedded Kafka broker unless --bootstrap-servers is "
				+ "given, the aggregator, the workers and the producer), counts the words of the URLs and prints "
				+ "the most frequent ones." },
		exitCodeListHeading = "%nExit status:%n",
		exitCodeList = { "0:the batch completed", "1:the batch failed (standard error names the first failed URL)",
				"2:invalid usage or input",
				"130:interrupted by Ctrl-C (143 by SIGTERM); a submitted batch is cancelled" })
class RunCommand implements Callable<Integer> {

	/** How often progress is read while the batch runs. */
	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	/** The next step when no broker responds at --bootstrap-servers. */
	private static final String UNREACHABLE_BROKER_HINT = "check the address, start a broker there with "
			+ "'wordfleet broker', or leave out --bootstrap-servers to run an embedded broker";

	/**
	 * Exit status after Ctrl-C, as the JVM exits after SIGINT. The JVM's own status wins while its shutdown runs, so
	 * SIGTERM gives 143.
	 */
	static final int EXIT_INTERRUPTED = 130;

	@Spec
	private CommandSpec spec;

	@Parameters(index = "0", arity = "0..1", paramLabel = "URLS_FILE",
			description = "File with one URL per line; blank lines and lines starting with # are skipped. "
					+ "Without it, or with -, URLs are read from standard input (default: standard input).")
	@Nullable String urlsFile;

	@Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
			description = "Kafka servers of an existing cluster (default: none, so an embedded broker starts on "
					+ "loopback).")
	@Nullable String bootstrapServers;

	@Option(names = "--data-dir", paramLabel = "DIR",
			description = "Data directory of the embedded broker (default: a temporary directory, deleted at exit).")
	@Nullable Path dataDir;

	@Option(names = "--workers", paramLabel = "W", defaultValue = "2",
			converter = Conversions.PositiveIntConverter.class,
			description = "Workers to run; each is a consumer group member with its own fetch slots "
					+ "(default: ${DEFAULT-VALUE} workers).")
	int workers;

	@Option(names = "--concurrency", paramLabel = "C", defaultValue = "16",
			converter = Conversions.PositiveIntConverter.class,
			description = "Fetches in flight per worker, at most (default: ${DEFAULT-VALUE} fetches).")
	int concurrency;

	@Mixin
	ResultOptions resultOptions;

	@Option(names = "--max-failures", paramLabel = "N", defaultValue = "0",
			converter = Conversions.NonNegativeIntConverter.class,
			description = "Failed URLs the batch tolerates; 0 fails and cancels it on the first failure "
					+ "(default: ${DEFAULT-VALUE} URLs).")
	int maxFailures;

	@Option(names = "--deadline", paramLabel = "DURATION", converter = Conversions.DurationConverter.class,
			description = "Fail the batch if it runs longer than this, such as 10m or PT10M (default: no limit).")
	@Nullable Duration deadline;

	@Mixin
	FetchOptions fetch;

	@Mixin
	ProgressOptions waiting;

	@Option(names = "--verbose", paramLabel = "BOOLEAN", arity = "0..1", fallbackValue = "true",
			description = "Log the roles' activity on standard error (default: ${DEFAULT-VALUE}).")
	boolean verbose;

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() throws IOException {
		PrintWriter err = this.spec.commandLine().getErr();
		RunInterruption interruption = new RunInterruption(err);
		Thread startNotice = null;
		try {
			startNotice = ShutdownHooks.add("wordfleet-run-interrupt", interruption::fleetNotStarted);
			return countBatch(interruption, startNotice, err);
		}
		catch (RuntimeException | LinkageError ex) {
			// Once interrupted, the fleet stops under this thread, and the shutdown hook has reported how far it got. A
			// library that adds a shutdown hook in a static initializer then fails with ExceptionInInitializerError.
			if (interruption.happened() || ShutdownHooks.isShuttingDown()) {
				return EXIT_INTERRUPTED;
			}
			throw ex;
		}
		finally {
			if (startNotice != null) {
				ShutdownHooks.remove(startNotice);
			}
		}
	}

	private int countBatch(RunInterruption interruption, Thread startNotice, PrintWriter err) throws IOException {
		BatchOptions batchOptions = new BatchOptions(this.maxFailures, this.deadline);
		this.resultOptions.requireWritableOutput();
		List<String> urls = UrlInput.read(this.urlsFile, err);
		if (this.bootstrapServers != null) {
			BrokerCheck.requireReachable(this.bootstrapServers, UNREACHABLE_BROKER_HINT);
		}
		FleetOptions fleetOptions = new FleetOptions(this.bootstrapServers, this.dataDir, this.workers,
				this.concurrency, this.fetch.toProperties());

		if (ProgressDisplay.shows(this.waiting.progress)) {
			err.println("Starting the fleet: " + ((this.bootstrapServers != null) ? "" : "an embedded Kafka broker, ")
					+ "the aggregator, " + this.workers + ((this.workers == 1) ? " worker" : " workers")
					+ " and the producer...");
			err.flush();
		}
		long started = System.nanoTime();
		try (LocalFleet fleet = LocalFleet.start(fleetOptions)) {
			if (!fleet.beforeShutdown(() -> interruption.stopFleet(fleet))) {
				// The JVM's shutdown is stopping the fleet already, and the start notice reports it.
				return EXIT_INTERRUPTED;
			}
			interruption.fleetStarted();
			ShutdownHooks.remove(startNotice);
			Duration startup = Duration.ofNanos(System.nanoTime() - started);
			long submitted = System.nanoTime();
			BatchSubmitted batch = interruption.publish(() -> fleet.publisher().publish(urls, batchOptions, null));
			BatchProgress result = awaitResult(fleet, batch, submitted, interruption, err);
			Duration elapsed = Duration.ofNanos(System.nanoTime() - submitted);
			if (interruption.happened()) {
				return EXIT_INTERRUPTED;
			}
			if (result.status() != BatchStatus.COMPLETED) {
				if (!interruption.complete()) {
					return EXIT_INTERRUPTED;
				}
				ResultOutput.reportFailure(result, err);
				return WordfleetCommand.EXIT_BATCH_FAILED;
			}
			List<WordCount> words = fleet.tracker().words(batch.batchId(), this.resultOptions.top()).orElseThrow();
			if (!interruption.complete()) {
				return EXIT_INTERRUPTED;
			}
			ResultOutput.writeCompleted(result, words, this.resultOptions,
					ResultOutput.summary(result, elapsed, startup), this.spec.commandLine().getOut(), err);
			return 0;
		}
	}

	private BatchProgress awaitResult(LocalFleet fleet, BatchSubmitted batch, long submittedNanos,
			RunInterruption interruption, PrintWriter err) {
		BatchWaiter waiter = new BatchWaiter(POLL_INTERVAL, this.waiting.stallTimeout);
		try (ProgressDisplay display = interruption.openDisplay(
				() -> ProgressDisplay.open(this.waiting.progress, batch.urlCount(), submittedNanos, err))) {
			return waiter.await(batch.batchId(), display, () -> fleet.tracker().progress(batch.batchId()))
				.orElseThrow(() -> new IllegalStateException("batch " + batch.batchId() + " made no progress for "
						+ Durations.format(this.waiting.stallTimeout) + "; run with --verbose to see the roles' logs"));
		}
	}

}
