package dev.wordfleet.worker;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

import dev.wordfleet.protocol.JsonConfiguration;
import dev.wordfleet.protocol.TopicConfiguration;
import dev.wordfleet.protocol.health.KafkaHealthConfiguration;

/**
 * The worker role: a member of the workers' consumer group that fetches the pages of URL jobs, at most
 * {@code wordfleet.worker.concurrency} at once, counts their words and publishes the counts.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties({ WorkerProperties.class, FetchProperties.class })
@Import({ TopicConfiguration.class, JsonConfiguration.class, KafkaHealthConfiguration.class })
public class WorkerApplication {

	/**
	 * Configuration file names: the role's own defaults, then {@code application} for the user's settings, which
	 * override them because a later name takes precedence.
	 */
	public static final String CONFIG_NAMES = "worker,application";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(WorkerApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAMES));
		application.run(args);
	}

}
