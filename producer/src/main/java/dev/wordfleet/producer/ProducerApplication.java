package dev.wordfleet.producer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import dev.wordfleet.api.ApiConfiguration;
import dev.wordfleet.protocol.JsonConfiguration;
import dev.wordfleet.protocol.TopicConfiguration;
import dev.wordfleet.protocol.health.KafkaHealthConfiguration;

/**
 * The producer role: {@code POST /batches} validates a list of URLs and publishes the batch's manifest and one job
 * per URL in a single Kafka transaction.
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ TopicConfiguration.class, JsonConfiguration.class, ApiConfiguration.class,
		KafkaHealthConfiguration.class })
public class ProducerApplication {

	/**
	 * Configuration file names: the role's own defaults, then {@code application} for the user's settings, which
	 * override them because a later name takes precedence.
	 */
	public static final String CONFIG_NAMES = "producer,application";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ProducerApplication.class);
		application.setDefaultProperties(java.util.Map.of("spring.config.name", CONFIG_NAMES));
		application.run(args);
	}

}
