package dev.wordfleet.producer;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import dev.wordfleet.producer.batch.BatchPublisher;
import dev.wordfleet.protocol.TopicProperties;

/**
 * Kafka wiring of the producer role. Spring Boot's template is transactional because
 * {@code spring.kafka.producer.transaction-id-prefix} is set.
 */
@Configuration(proxyBeanMethods = false)
class ProducerConfiguration {

	@Bean
	BatchPublisher batchPublisher(KafkaTemplate<String, Object> kafkaTemplate, TopicProperties topics) {
		return new BatchPublisher(kafkaTemplate, topics, Clock.systemUTC());
	}

}
