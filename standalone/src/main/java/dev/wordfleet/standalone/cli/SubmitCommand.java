package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.producer.batch.BatchOptions;
import dev.wordfleet.producer.batch.BatchPublisher;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.Durations;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.TopicConfiguration;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.protocol.WordCount;

/**
 * {@code wordfleet submit}: publishes a batch to a running fleet's Kafka cluster and prints its id, or with
 * {@code --wait} follows the batch through the aggregator's HTTP API and prints its words as {@code run} does.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Publishes the URLs as a batch to a running fleet and prints the batch id.",
				"With --wait it follows the batch as run does: a progress bar on standard error while the batch "
						+ "runs, then its most frequent words." },
		footer = { "%nWith --wait, progress and words come from the aggregator's HTTP API at --aggregator-url, "
				+ "which the compose file publishes on http://localhost:8081 and any fleet has wherever its "
				+ "aggregator runs. They do not come from Kafka, because the batch-results topic carries only each "
				+ "batch's top words (wordfleet.aggregator.result-top-words) and the batch-events topic carries "
				+ "every page's counts, which only the aggregator merges exactly.",
				"%nCtrl-C during --wait stops waiting but does not cancel the batch: 'wordfleet status BATCH' shows "
						+ "it later, and POST /batches/BATCH/cancel on the aggregator cancels it." },
		exitCodeListHeading = "%nExit status:%n",
		exitCodeList = { "0:the batch was published; with --wait, it completed",
				"1:the batch failed (standard error names the first failed URL), or the command failed",
				"2:invalid usage or input" })
class SubmitCommand implements Callable<Integer> {

	private static final Logger logger = LoggerFactory.getLogger(SubmitCommand.class);

	/** How often progress is read from the aggregator while the batch runs. */
	private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

	/** The next step when no broker responds at --bootstrap-servers. A broker alone counts nothing. */
	private static final String UNREACHABLE_BROKER_HINT = "check the address of the fleet's broker (submit needs a "
			+ "broker, an aggregator and workers running, as 'docker compose up' starts them, or 'wordfleet broker', "
			+ "'wordfleet aggregator' and 'wordfleet worker'), or count without a fleet with 'wordfleet run'";

	/** Options that only {@code --wait} uses, so that giving one without it is a mistake. */
	private static final List<String> WAIT_OPTIONS = List.of("--aggregator-url", AggregatorOption.API_TOKEN_OPTION,
			"--top", "--format", "--output", "--progress", "--stall-timeout");

	@Spec
	private CommandSpec spec;

	@Parameters(index = "0", arity = "0..1", paramLabel = "URLS_FILE",
			description = "File with one URL per line; without it, or with -, URLs are read from standard input "
					+ "(default: standard input).")
	@Nullable String urlsFile;

	@Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", defaultValue = "localhost:9092",
			description = "Kafka servers of the fleet (default: ${DEFAULT-VALUE}).")
	String bootstrapServers;

	@Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "wordfleet.",
			description = "Prefix of the fleet's topic names (default: ${DEFAULT-VALUE}).")
	String topicPrefix;

	@Option(names = "--max-failures", paramLabel = "N", defaultValue = "0",
			converter = Conversions.NonNegativeIntConverter.class,
			description = "Failed URLs the batch tolerates; 0 fails and cancels it on the first failure "
					+ "(default: ${DEFAULT-VALUE} URLs).")
	int maxFailures;

	@Option(names = "--deadline", paramLabel = "DURATION", converter = Conversions.DurationConverter.class,
			description = "Fail the batch if it runs longer than this, such as 10m (default: no limit).")
	@Nullable Duration deadline;

	@Option(names = "--wait", paramLabel = "BOOLEAN", arity = "0..1", fallbackValue = "true",
			description = "Wait for the batch to end, showing its progress, then print its words; "
					+ "--aggregator-url, --top, --format, --output, --progress and --stall-timeout apply only with it "
					+ "(default: ${DEFAULT-VALUE}).")
	boolean wait;

	@Mixin
	AggregatorOption aggregatorOption;

	@Mixin
	ResultOptions resultOptions;

	@Mixin
	ProgressOptions waiting;

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() throws IOException {
		requireWaitForWaitOptions();
		if (this.wait) {
			this.resultOptions.requireWritableOutput();
		}
		BatchOptions options = new BatchOptions(this.maxFailures, this.deadline);
		PrintWriter err = this.spec.commandLine().getErr();
		List<String> urls = UrlInput.read(this.urlsFile, err);
		BrokerCheck.requireReachable(this.bootstrapServers, UNREACHABLE_BROKER_HINT);
		if (!this.wait) {
			BatchSubmitted batch = publish(urls, options);
			this.spec.commandLine().getOut().println(batch.batchId());
			this.spec.commandLine().getOut().flush();
			return 0;
		}
		try (AggregatorClient aggregator = this.aggregatorOption.client()) {
			// Fails before the batch is published when no aggregator responds at the URL.
			aggregator.batches();
			return publishAndWait(urls, options, aggregator, err);
		}
	}

	private int publishAndWait(List<String> urls, BatchOptions options, AggregatorClient aggregator,
			PrintWriter err) throws IOException {
		long started = System.nanoTime();
		BatchSubmitted batch = publish(urls, options);
		String batchId = batch.batchId();
		err.println("Submitted batch " + batchId + " of " + Plural.of(batch.urlCount(), "URL", "URLs")
				+ "; waiting for it to end (Ctrl-C stops waiting, the batch keeps running).");
		err.flush();

		Thread interruptNotice = ShutdownHooks.add("wordfleet-submit-interrupt", () -> {
			err.println();
			err.println("wordfleet: stopped waiting; batch " + batchId + " keeps running: "
					+ followUpHint(aggregator, batchId));
			err.flush();
		});
		BatchProgress result;
		try {
			result = awaitResult(aggregator, batch, started, err);
		}
		finally {
			ShutdownHooks.remove(interruptNotice);
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		if (result.status() != BatchStatus.COMPLETED) {
			ResultOutput.reportFailure(result, err);
			return WordfleetCommand.EXIT_BATCH_FAILED;
		}
		List<WordCount> words = aggregator.words(batchId, this.resultOptions.top());
		ResultOutput.writeCompleted(result, words, this.resultOptions, ResultOutput.summary(result, elapsed),
				this.spec.commandLine().getOut(), err);
		return 0;
	}

	private BatchProgress awaitResult(AggregatorClient aggregator, BatchSubmitted batch, long submittedNanos,
			PrintWriter err) {
		BatchWaiter waiter = new BatchWaiter(POLL_INTERVAL, this.waiting.stallTimeout);
		try (ProgressDisplay display = ProgressDisplay.open(this.waiting.progress, batch.urlCount(), submittedNanos,
				err)) {
			return waiter.await(batch.batchId(), display, new AggregatorProgress(aggregator, batch.batchId()))
				.orElseThrow(() -> new CommandFailedException("batch " + batch.batchId() + " made no progress for "
						+ Durations.format(this.waiting.stallTimeout) + "; stopped waiting, but the batch keeps running: "
						+ followUpHint(aggregator, batch.batchId())));
		}
	}

	/** Returns the commands that show, print and cancel a batch that this command stopped waiting for. */
	private static String followUpHint(AggregatorClient aggregator, String batchId) {
		return "'" + aggregator.commandLine("status", batchId) + "' shows it, '"
				+ aggregator.commandLine("result", batchId) + "' prints its words once it has ended, and '"
				+ aggregator.commandLine("cancel", batchId) + "' cancels it";
	}

	private BatchSubmitted publish(List<String> urls, BatchOptions options) {
		TopicProperties defaults = TopicProperties.defaults();
		TopicProperties topics = new TopicProperties(this.topicPrefix, defaults.jobsPartitions(),
				defaults.eventsPartitions(), null);

		new KafkaAdmin(Map.of("bootstrap.servers", this.bootstrapServers))
			.createOrModifyTopics(TopicConfiguration.newTopics(topics));
		DefaultKafkaProducerFactory<String, Object> producers = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers, ProducerConfig.ACKS_CONFIG,
						"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
				new StringSerializer(), Json.serializer());
		producers.setTransactionIdPrefix("wordfleet-submit-" + UUID.randomUUID() + "-");
		try {
			BatchPublisher publisher = new BatchPublisher(new KafkaTemplate<>(producers), topics,
					Clock.systemUTC());
			return publisher.publish(urls, options, null);
		}
		finally {
			producers.destroy();
		}
	}

	/** Rejects options that only --wait uses when they are given on the command line without it. */
	private void requireWaitForWaitOptions() {
		if (this.wait) {
			return;
		}
		ParseResult parseResult = this.spec.commandLine().getParseResult();
		for (String option : WAIT_OPTIONS) {
			if (parseResult.hasMatchedOption(option)) {
				throw new ParameterException(this.spec.commandLine(),
						option + " applies only with --wait: add --wait, or leave " + option + " out");
			}
		}
	}

	/**
	 * Reads a batch's progress from the aggregator. A failed read counts as no news, because an aggregator that
	 * restarts responds again once it has read the batch-events topic back. The stall timeout bounds the wait.
	 */
	private static final class AggregatorProgress implements Supplier<Optional<BatchProgress>> {

		private final AggregatorClient aggregator;

		private final String batchId;

		private @Nullable String lastError;

		AggregatorProgress(AggregatorClient aggregator, String batchId) {
			this.aggregator = aggregator;
			this.batchId = batchId;
		}

		@Override
		public Optional<BatchProgress> get() {
			try {
				Optional<BatchProgress> progress = this.aggregator.batch(this.batchId);
				if (this.lastError != null) {
					logger.warn("The aggregator at {} responds again for batch {}", this.aggregator.baseUrl(),
							this.batchId);
					this.lastError = null;
				}
				return progress;
			}
			catch (AggregatorClient.AggregatorException ex) {
				// Logged once per kind of error, not once per poll.
				if (!ex.getMessage().equals(this.lastError)) {
					logger.warn("Failed to read the progress of batch {}; retrying: {}", this.batchId,
							ex.getMessage());
					this.lastError = ex.getMessage();
				}
				return Optional.empty();
			}
		}

	}

}
