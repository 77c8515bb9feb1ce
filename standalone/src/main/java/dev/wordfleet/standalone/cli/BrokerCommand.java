package dev.wordfleet.standalone.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.wordfleet.standalone.broker.BrokerSettings;
import dev.wordfleet.standalone.broker.LocalKafkaBroker;

/**
 * {@code wordfleet broker}: runs a single-node KRaft broker until the process is stopped.
 */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Runs a single-node Kafka broker (KRaft, broker and controller in one) until stopped.")
class BrokerCommand implements Callable<Integer> {

	private static final Logger logger = LoggerFactory.getLogger(BrokerCommand.class);

	@Option(names = "--host", paramLabel = "ADDRESS", defaultValue = BrokerSettings.DEFAULT_HOST,
			description = "Address to listen on and advertise (default: ${DEFAULT-VALUE}).")
	String host;

	@Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
			description = "TCP port for clients; 0 picks a free one (default: ${DEFAULT-VALUE}).")
	int port;

	@Option(names = "--controller-port", paramLabel = "PORT", defaultValue = "0",
			description = "TCP port of the KRaft controller; 0 picks a free one (default: ${DEFAULT-VALUE}).")
	int controllerPort;

	@Option(names = "--data-dir", paramLabel = "DIR",
			description = "Data directory, kept across restarts (default: a temporary directory, deleted at exit).")
	@Nullable Path dataDir;

	@Mixin
	ConfigOption config;

	@Override
	public Integer call() {
		BrokerSettings settings = new BrokerSettings(this.dataDir, this.host, this.port, this.controllerPort,
				java.util.Map.of());
		LocalKafkaBroker broker = LocalKafkaBroker.start(settings);
		Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(broker::close));
		logger.info("Kafka broker ready on {} (data in {})", broker.bootstrapServers(), broker.dataDir());
		return WordfleetCommand.KEEP_RUNNING;
	}

}
