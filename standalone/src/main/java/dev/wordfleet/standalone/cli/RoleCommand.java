package dev.wordfleet.standalone.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.boot.SpringApplication;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import dev.wordfleet.aggregator.AggregatorApplication;
import dev.wordfleet.producer.ProducerApplication;
import dev.wordfleet.worker.WorkerApplication;

/**
 * Runs one role of the fleet as a service until the process is stopped. Further arguments are passed to Spring Boot,
 * so any property can be set as {@code --name=value}.
 */
abstract class RoleCommand implements Callable<Integer> {

	static final String SPRING_ARGUMENTS_FOOTER = "%nFurther --NAME=VALUE arguments set the role's Spring properties, "
			+ "such as --server.port=9090.";

	@Spec
	CommandSpec spec;

	@Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", defaultValue = "localhost:9092",
			description = "Kafka servers of the fleet (default: ${DEFAULT-VALUE}, unless "
					+ "spring.kafka.bootstrap-servers is set).")
	String bootstrapServers;

	@Mixin
	ConfigOption config;

	@Unmatched
	List<String> springArguments = new ArrayList<>();

	private final Class<?> application;

	private final String configNames;

	RoleCommand(Class<?> application, String configNames) {
		this.application = application;
		this.configNames = configNames;
	}

	/** Returns role-specific properties from the command's own options. */
	Map<String, String> roleProperties() {
		return Map.of();
	}

	@Override
	public Integer call() {
		List<String> args = new ArrayList<>();
		if (OptionDefaults.isSet(this.spec, "--bootstrap-servers")) {
			args.add("--spring.kafka.bootstrap-servers=" + this.bootstrapServers);
		}
		roleProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
		args.addAll(this.springArguments);
		SpringApplication springApplication = new SpringApplication(this.application);
		springApplication.setDefaultProperties(Map.of("spring.config.name", this.configNames));
		springApplication.run(args.toArray(String[]::new));
		return WordfleetCommand.KEEP_RUNNING;
	}

	@Command(name = "producer", mixinStandardHelpOptions = true,
			description = "Runs the producer: POST /batches publishes a batch of URLs (port 8080).",
			footer = SPRING_ARGUMENTS_FOOTER)
	static class Producer extends RoleCommand {

		Producer() {
			super(ProducerApplication.class, ProducerApplication.CONFIG_NAMES);
		}

	}

	@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
			description = "Runs a worker: fetches the pages of URL jobs and publishes their word counts (health and "
					+ "metrics on port 8082; give each worker on one machine its own --server.port).",
			footer = SPRING_ARGUMENTS_FOOTER)
	static class Worker extends RoleCommand {

		@Option(names = "--concurrency", paramLabel = "C", defaultValue = "16",
				converter = Conversions.PositiveIntConverter.class,
				description = "Fetches in flight, at most (default: ${DEFAULT-VALUE} fetches).")
		int concurrency;

		@Mixin
		FetchOptions fetch = new FetchOptions();

		Worker() {
			super(WorkerApplication.class, WorkerApplication.CONFIG_NAMES);
		}

		@Override
		Map<String, String> roleProperties() {
			Map<String, String> properties = new LinkedHashMap<>(this.fetch.toProperties());
			if (OptionDefaults.isSet(this.spec, "--concurrency")) {
				properties.put("wordfleet.worker.concurrency", String.valueOf(this.concurrency));
			}
			return properties;
		}

	}

	@Command(name = "aggregator", mixinStandardHelpOptions = true,
			description = "Runs the aggregator: merges counts per batch and serves GET /batches/{id} (port 8081).",
			footer = SPRING_ARGUMENTS_FOOTER)
	static class Aggregator extends RoleCommand {

		Aggregator() {
			super(AggregatorApplication.class, AggregatorApplication.CONFIG_NAMES);
		}

	}

}
