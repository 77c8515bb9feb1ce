package dev.wordfleet.protocol;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares every wordfleet topic, so that whichever role starts first creates them with the configured partition
 * counts. Spring Boot's {@link KafkaAdmin} creates missing topics at start-up and adds partitions to an existing
 * topic whose configured count is higher. Raising {@code events-partitions} while batches run moves later events of
 * a batch to another partition, so change it only while the fleet is idle.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TopicProperties.class)
public class TopicConfiguration {

	/**
	 * Largest record on the batch-events, batch-results and dead-letter topics: 8 MiB, because the word counts of one
	 * large page can pass Kafka's default of 1 MiB. Producers that write there set {@code max.request.size} to match.
	 */
	public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

	@Bean
	KafkaAdmin.NewTopics wordfleetTopics(TopicProperties topics) {
		return new KafkaAdmin.NewTopics(newTopics(topics));
	}

	/** Returns every topic of the fleet with its partition count and settings. */
	public static NewTopic[] newTopics(TopicProperties topics) {
		Optional<Short> replication = Optional.ofNullable(topics.replicationFactor());
		return new NewTopic[] {
				new NewTopic(topics.jobs(), Optional.of(topics.jobsPartitions()), replication),
				new NewTopic(topics.batchEvents(), Optional.of(topics.eventsPartitions()), replication)
					.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES))),
				new NewTopic(topics.cancels(), Optional.of(1), replication),
				new NewTopic(topics.batchResults(), Optional.of(topics.eventsPartitions()), replication)
					.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES))),
				new NewTopic(topics.submissions(), Optional.of(1), replication),
				new NewTopic(topics.batchProgress(), Optional.of(topics.eventsPartitions()), replication),
				new NewTopic(topics.deadLetters(), Optional.of(1), replication)
					.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES))) };
	}

}
