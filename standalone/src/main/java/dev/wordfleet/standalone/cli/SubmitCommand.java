package dev.wordfleet.standalone.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.wordfleet.producer.batch.BatchOptions;
import dev.wordfleet.producer.batch.BatchPublisher;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.TopicConfiguration;
import dev.wordfleet.protocol.TopicProperties;

/**
 * {@code wordfleet submit}: publishes a batch to a running fleet's Kafka cluster and prints its id.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Publishes the URLs as a batch to a running fleet and prints the batch id.")
class SubmitCommand implements Callable<Integer> {

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

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() {
		BatchOptions options = new BatchOptions(this.maxFailures, this.deadline);
		List<String> urls = UrlInput.read(this.urlsFile, this.spec.commandLine().getErr());
		BrokerCheck.requireReachable(this.bootstrapServers);
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
			BatchSubmitted batch = publisher.publish(urls, options, null);
			this.spec.commandLine().getOut().println(batch.batchId());
			this.spec.commandLine().getOut().flush();
			return 0;
		}
		finally {
			producers.destroy();
		}
	}

}
