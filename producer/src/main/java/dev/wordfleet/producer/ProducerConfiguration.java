package dev.wordfleet.producer;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import dev.wordfleet.producer.batch.BatchPublisher;
import dev.wordfleet.producer.batch.IdempotentPublisher;
import dev.wordfleet.producer.batch.SubmissionLedger;
import dev.wordfleet.protocol.TopicProperties;

/**
 * Kafka wiring of the producer role. Spring Boot's template is transactional because
 * {@code spring.kafka.producer.transaction-id-prefix} is set.
 */
@Configuration(proxyBeanMethods = false)
class ProducerConfiguration {

	/**
	 * Maximum wait for the submissions topic to be read to its end before a submission with a chosen batch id is
	 * judged. A request that waits longer gets 503.
	 */
	private static final Duration LEDGER_SYNC_TIMEOUT = Duration.ofSeconds(10);

	@Bean
	BatchPublisher batchPublisher(KafkaTemplate<String, Object> kafkaTemplate, TopicProperties topics) {
		return new BatchPublisher(kafkaTemplate, topics, Clock.systemUTC());
	}

	@Bean
	SubmissionLedger submissionLedger(ConsumerFactory<?, ?> kafkaConsumerFactory, TopicProperties topics) {
		return new SubmissionLedger(kafkaConsumerFactory, topics.submissions());
	}

	@Bean
	IdempotentPublisher idempotentPublisher(BatchPublisher batchPublisher, SubmissionLedger submissionLedger) {
		return new IdempotentPublisher(batchPublisher, submissionLedger, LEDGER_SYNC_TIMEOUT);
	}

}
