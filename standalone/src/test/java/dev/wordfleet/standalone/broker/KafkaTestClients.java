package dev.wordfleet.standalone.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for tests against a {@link LocalKafkaBroker}.
 */
final class KafkaTestClients {

	/** Time a consumer keeps polling for the expected records. */
	static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(20);

	private KafkaTestClients() {
	}

	static void createTopic(String bootstrapServers, String topic) throws ExecutionException, InterruptedException {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
		}
	}

	static Set<String> listTopics(String bootstrapServers) throws ExecutionException, InterruptedException {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			return admin.listTopics().names().get();
		}
	}

	static void produce(String bootstrapServers, String topic, String... values)
			throws ExecutionException, InterruptedException {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrapServers))) {
			for (String value : values) {
				producer.send(new ProducerRecord<>(topic, value)).get();
			}
		}
	}

	static Map<String, Object> producerConfig(String bootstrapServers) {
		return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
	}

	/**
	 * Reads {@code topic} from the beginning with a new consumer group until {@code expected} records arrived or
	 * {@link #CONSUME_TIMEOUT} passed.
	 * @return the values read, fewer than {@code expected} on timeout
	 */
	static List<String> consume(String bootstrapServers, String topic, int expected, String isolationLevel) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
			while (values.size() < expected && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					values.add(record.value());
				}
			}
		}
		return values;
	}

}
