package dev.wordfleet.aggregator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import dev.wordfleet.protocol.Json;

/** Publishes batch events as JSON to a test's broker, as the producer and the workers would. */
final class BatchEventSender implements AutoCloseable {

	private final DefaultKafkaProducerFactory<String, Object> producerFactory;

	private final KafkaTemplate<String, Object> events;

	private final String topic;

	BatchEventSender(String brokers, String topic) {
		this.producerFactory = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), new StringSerializer(),
				Json.valueSerializer());
		this.events = new KafkaTemplate<>(this.producerFactory);
		this.topic = topic;
	}

	/** Sends an event keyed by its batch id and waits up to 30 s for the broker's acknowledgment. */
	void send(String batchId, Object event) throws InterruptedException, ExecutionException, TimeoutException {
		this.events.send(this.topic, batchId, event).get(30, TimeUnit.SECONDS);
	}

	/**
	 * Sends events keyed by one batch id in a burst, without waiting for each acknowledgment, then waits up to 30 s
	 * for all of them.
	 */
	void sendAll(String batchId, List<?> events) throws InterruptedException, ExecutionException, TimeoutException {
		CompletableFuture<?>[] sent = events.stream()
			.map((event) -> this.events.send(this.topic, batchId, event))
			.toArray(CompletableFuture[]::new);
		this.events.flush();
		CompletableFuture.allOf(sent).get(30, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		this.producerFactory.destroy();
	}

}
