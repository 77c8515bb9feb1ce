package dev.wordfleet.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;

import dev.wordfleet.protocol.BatchEvent;
import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.protocol.UrlJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fetches that take far longer than {@code max.poll.interval.ms} cost the worker neither its group membership nor a
 * rebalance, because its consumer never waits for them.
 */
@SpringBootTest(classes = WorkerApplication.class,
		properties = { "spring.config.name=" + WorkerApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"spring.main.web-application-type=none", "wordfleet.fetch.allow-private-networks=true",
				"wordfleet.worker.concurrency=2", "spring.kafka.consumer.properties.max.poll.interval.ms=2000" })
@EmbeddedKafka(partitions = 1)
@DirtiesContext
class SlowFetchTest {

	private static final TopicProperties TOPICS = TopicProperties.defaults();

	private static final Duration FETCH_TIME = Duration.ofSeconds(5);

	private static HttpServer server;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@BeforeAll
	static void startServer() throws IOException {
		InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/", (exchange) -> {
			try (exchange) {
				Thread.sleep(FETCH_TIME);
				byte[] body = "<p>quebec romeo</p>".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/html");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		server.start();
	}

	@AfterAll
	static void stopServer() {
		server.stop(0);
	}

	@Test
	void slowFetchesKeepGroupMembership() throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", this.broker.getBrokersAsString()))) {
			ConsumerGroupDescription before = await().atMost(Duration.ofSeconds(30))
				.until(() -> describe(admin), (group) -> group.members().size() == 1);
			DefaultKafkaProducerFactory<String, Object> producers = new DefaultKafkaProducerFactory<>(
					KafkaTestUtils.producerProps(this.broker), new StringSerializer(), Json.valueSerializer());
			KafkaTemplate<String, Object> template = new KafkaTemplate<>(producers);
			for (int jobId = 0; jobId < 4; jobId++) {
				UrlJob job = UrlJob.of("slow", jobId, "http://127.0.0.1:" + server.getAddress().getPort() + "/" + jobId);
				template.send(TOPICS.jobs(), job.key(), job).join();
			}
			producers.destroy();

			List<JobOutcome> outcomes = readOutcomes("slow", 4);

			ConsumerGroupDescription after = describe(admin);
			assertThat(outcomes).allMatch((outcome) -> outcome instanceof PageCounted);
			assertThat(outcomes).extracting(JobOutcome::jobId).containsExactlyInAnyOrder(0, 1, 2, 3);
			assertThat(after.members()).hasSize(1);
			assertThat(after.members().iterator().next().consumerId())
				.isEqualTo(before.members().iterator().next().consumerId());
		}
	}

	private static ConsumerGroupDescription describe(Admin admin) throws Exception {
		return admin.describeConsumerGroups(List.of("wordfleet-workers")).all().get().get("wordfleet-workers");
	}

	/** Reads outcomes of the batch until {@code count} distinct jobs have one, for at most 60 seconds. */
	private List<JobOutcome> readOutcomes(String batchId, int count) {
		Map<String, Object> props = KafkaTestUtils.consumerProps(this.broker, "slow-reader", false);
		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			consumer.subscribe(List.of(TOPICS.batchEvents()));
			List<JobOutcome> outcomes = new java.util.ArrayList<>();
			Set<Integer> jobs = new HashSet<>();
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500))) {
					if (batchId.equals(record.key())) {
						JobOutcome outcome = (JobOutcome) Json.mapper().readValue(record.value(), BatchEvent.class);
						outcomes.add(outcome);
						jobs.add(outcome.jobId());
					}
				}
				return jobs.size() == count;
			});
			return outcomes;
		}
	}

}
