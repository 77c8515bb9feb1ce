package dev.wordfleet.aggregator;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

import dev.wordfleet.api.ApiConfiguration;
import dev.wordfleet.protocol.JsonConfiguration;
import dev.wordfleet.protocol.TopicConfiguration;
import dev.wordfleet.protocol.health.KafkaHealthConfiguration;

/**
 * The aggregator role: merges page counts and failures per batch, cancels a batch on its first failure (by default),
 * publishes each batch's result, and serves progress and counts over HTTP.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties(AggregatorProperties.class)
@Import({ TopicConfiguration.class, JsonConfiguration.class, ApiConfiguration.class,
		KafkaHealthConfiguration.class })
public class AggregatorApplication {

	/**
	 * Configuration file names: the role's own defaults, then {@code application} for the user's settings, which
	 * override them because a later name takes precedence.
	 */
	public static final String CONFIG_NAMES = "aggregator,application";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(AggregatorApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAMES));
		application.run(args);
	}

}
