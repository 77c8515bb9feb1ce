package dev.wordfleet.aggregator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from a test broker with a plain consumer that joins no group.
 */
final class TopicReader {

	/** Maximum time to read one topic to its end. */
	private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

	private TopicReader() {
	}

	/**
	 * Reads every record of a topic up to the high watermark taken when the call starts. A read-committed reader
	 * only reaches that offset once every transaction before it has committed or aborted, so the records it returns
	 * are all that such a consumer will ever see of that range.
	 * @throws IllegalStateException when the end is not reached within 30 seconds
	 */
	static List<ConsumerRecord<String, byte[]>> readToEnd(String bootstrapServers, String topic,
			IsolationLevel isolation) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT),
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer());
				KafkaConsumer<String, byte[]> watermarks = new KafkaConsumer<>(Map.of(
						ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(),
						new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			Map<TopicPartition, Long> ends = watermarks.endOffsets(partitions, READ_TIMEOUT);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);

			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
			while (!reachedEnd(consumer, ends)) {
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException("timed out after " + READ_TIMEOUT + " reading " + topic
							+ " to offsets " + ends + " as " + isolation);
				}
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

	private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
	}

}
