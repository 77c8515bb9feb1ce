package dev.wordfleet.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import dev.wordfleet.protocol.CancelBatch;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.worker.cancel.CancelledBatches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker started against a real broker: the partitions it logs, how soon it takes back those of a member that
 * ended without leaving the group, and the cancels published before it started, which it reads again at every
 * start. Those still stop their batches, but are neither logged at INFO nor sent to the dead-letter topic again.
 */
@EmbeddedKafka(partitions = 1, topics = "wordfleet.cancels")
@ExtendWith(OutputCaptureExtension.class)
class WorkerStartTest {

	private static final TopicProperties TOPICS = TopicProperties.defaults();

	@Test
	void cancelsBeforeStartReplayQuietly(EmbeddedKafkaBroker broker, CapturedOutput output) throws Exception {
		String servers = broker.getBrokersAsString();
		publishCancel(servers, "early-valid", Json.mapper().writeValueAsBytes(CancelBatch.of("early-valid", "test")));
		publishCancel(servers, "early-bad", "garbage".getBytes(StandardCharsets.UTF_8));

		try (ConfigurableApplicationContext worker = startWorker(servers)) {
			publishCancel(servers, "late-bad", "garbage".getBytes(StandardCharsets.UTF_8));
			publishCancel(servers, "late-valid", Json.mapper().writeValueAsBytes(CancelBatch.of("late-valid", "test")));
			CancelledBatches cancelled = worker.getBean(CancelledBatches.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> cancelled.isCancelled("late-valid"));

			// The dead-letter topic keeps the order of the cancels, so a copy of early-bad would come before late-bad.
			List<String> deadLetterKeys = readKeysUntil(servers, TOPICS.deadLetters(), "late-bad");

			assertThat(cancelled.isCancelled("early-valid")).isTrue();
			assertThat(deadLetterKeys).containsExactly("late-bad");
			assertThat(output).contains("Cancelling batch late-valid");
			assertThat(output).doesNotContain("Cancelling batch early-valid");
			assertThat(output).containsOnlyOnce("Skipping cancel record " + TOPICS.cancels() + "-0@1");
		}
	}

	@Test
	void workerLogsItsPartitions(EmbeddedKafkaBroker broker, CapturedOutput output) {
		try (ConfigurableApplicationContext worker = startWorker(broker.getBrokersAsString(),
				"--wordfleet.topics.prefix=partitions-test.", "--wordfleet.topics.jobs-partitions=1")) {
			await().atMost(Duration.ofSeconds(30)).until(() -> output.getOut().contains("worker-1 took partitions"));

			assertThat(output.getOut()).contains("worker-1 took partitions [partitions-test.jobs-0]");
		}
		assertThat(output.getOut()).contains("worker-1 handed over partitions [partitions-test.jobs-0]");
	}

	@Test
	void crashedMemberLosesPartitionsSoon(EmbeddedKafkaBroker broker, CapturedOutput output) {
		try (ConfigurableApplicationContext worker = startWorker(broker.getBrokersAsString(),
				"--wordfleet.topics.prefix=crash-test.", "--wordfleet.topics.jobs-partitions=2")) {
			String tookBoth = "worker-1 took partitions [crash-test.jobs-0, crash-test.jobs-1]";
			await().atMost(Duration.ofSeconds(30)).until(() -> output.getOut().contains(tookBoth));

			// A member with the worker's consumer settings joins the group and ends without leaving it, as a worker
			// killed with SIGKILL does. Its partition comes back once the group's coordinator has expired its session.
			Map<String, Object> settings = new HashMap<>(
					worker.getBean(ConsumerFactory.class).getConfigurationProperties());
			settings.put(ConsumerConfig.GROUP_ID_CONFIG, worker.getBean(WorkerProperties.class).groupId());
			Consumer<String, byte[]> crashed = new DefaultKafkaConsumerFactory<>(settings, new StringDeserializer(),
					new ByteArrayDeserializer())
				.createConsumer();
			try {
				crashed.subscribe(List.of("crash-test.jobs"));
				await().atMost(Duration.ofSeconds(30)).until(() -> {
					crashed.poll(Duration.ofMillis(100));
					return !crashed.assignment().isEmpty();
				});
			}
			finally {
				crashed.close(
						CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
			}
			long crashedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> output.getOut().lines().filter((line) -> line.contains("worker-1 took partitions")).count(),
						(count) -> count == 2);

			// Kafka's default session timeout is 45 s, and the worker's 15 s.
			assertThat(Duration.ofNanos(System.nanoTime() - crashedAt)).isLessThan(Duration.ofSeconds(30));
		}
	}

	private static ConfigurableApplicationContext startWorker(String servers, String... arguments) {
		List<String> commandLine = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + servers,
				"--wordfleet.worker.warm-up=false"));
		commandLine.addAll(List.of(arguments));
		return new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE)
			.properties(Map.of("spring.config.name", WorkerApplication.CONFIG_NAMES))
			.run(commandLine.toArray(String[]::new));
	}

	/** Publishes a cancel record and waits for the broker's acknowledgment, so that records keep their order. */
	private static void publishCancel(String servers, String batchId, byte[] value) throws Exception {
		DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(
				KafkaTestUtils.producerProps(servers), new StringSerializer(), new ByteArraySerializer());
		try (Producer<String, byte[]> producer = producers.createProducer()) {
			producer.send(new ProducerRecord<>(TOPICS.cancels(), batchId, value)).get(30, TimeUnit.SECONDS);
		}
		finally {
			producers.destroy();
		}
	}

	/** Reads the topic from the beginning until a record with the key arrives, for at most 30 seconds. */
	private static List<String> readKeysUntil(String servers, String topic, String lastKey) {
		Map<String, Object> props = KafkaTestUtils.consumerProps(servers, "cancel-replay-reader");
		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			consumer.subscribe(List.of(topic));
			List<String> keys = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500))
					.forEach((ConsumerRecord<String, byte[]> record) -> keys.add(record.key()));
				return keys.contains(lastKey);
			});
			return keys;
		}
	}

}
