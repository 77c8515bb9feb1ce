package dev.wordfleet.standalone.broker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients against one shared broker.
 */
class LocalKafkaBrokerMessagingTest {

	private static LocalKafkaBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = LocalKafkaBroker.start(BrokerSettings.defaults());
	}

	@AfterAll
	static void closeBroker() {
		broker.close();
	}

	@Test
	void producedRecordIsConsumedBack() throws Exception {
		KafkaTestClients.createTopic(broker.bootstrapServers(), "plain");

		KafkaTestClients.produce(broker.bootstrapServers(), "plain", "hello");

		assertThat(KafkaTestClients.consume(broker.bootstrapServers(), "plain", 1, "read_uncommitted"))
			.containsExactly("hello");
	}

	@Test
	void committedTransactionIsReadCommitted() throws Exception {
		KafkaTestClients.createTopic(broker.bootstrapServers(), "transactional");
		Map<String, Object> config = new HashMap<>(KafkaTestClients.producerConfig(broker.bootstrapServers()));
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-transaction");

		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			producer.initTransactions();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>("transactional", "first"));
			producer.send(new ProducerRecord<>("transactional", "second"));
			producer.commitTransaction();
		}

		assertThat(KafkaTestClients.consume(broker.bootstrapServers(), "transactional", 2, "read_committed"))
			.containsExactly("first", "second");
	}

	@Test
	void abortedTransactionIsNotReadCommitted() throws Exception {
		KafkaTestClients.createTopic(broker.bootstrapServers(), "aborted");
		Map<String, Object> config = new HashMap<>(KafkaTestClients.producerConfig(broker.bootstrapServers()));
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-abort");

		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			producer.initTransactions();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>("aborted", "dropped")).get();
			producer.abortTransaction();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>("aborted", "kept"));
			producer.commitTransaction();
		}

		assertThat(KafkaTestClients.consume(broker.bootstrapServers(), "aborted", 1, "read_committed"))
			.containsExactly("kept");
	}

	@Test
	void largeRecordIsAccepted() throws Exception {
		KafkaTestClients.createTopic(broker.bootstrapServers(), "large");
		Map<String, Object> config = new HashMap<>(KafkaTestClients.producerConfig(broker.bootstrapServers()));
		config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 10 * 1024 * 1024);
		String value = "x".repeat(9 * 1024 * 1024);

		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			producer.send(new ProducerRecord<>("large", value)).get();
		}

		List<String> consumed = KafkaTestClients.consume(broker.bootstrapServers(), "large", 1, "read_uncommitted");
		assertThat(consumed).hasSize(1);
		assertThat(consumed.get(0)).hasSameSizeAs(value);
	}

}
