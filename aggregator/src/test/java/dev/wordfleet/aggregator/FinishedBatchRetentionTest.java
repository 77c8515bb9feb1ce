package dev.wordfleet.aggregator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.protocol.UrlJob;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The word counts of a finished batch leave the aggregator's memory after their retention; its progress stays. */
@SpringBootTest(classes = AggregatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + AggregatorApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"wordfleet.topics.prefix=retention-test.", "wordfleet.aggregator.finished-batch-retention=5s" })
@EmbeddedKafka
@DirtiesContext
class FinishedBatchRetentionTest {

	@LocalServerPort
	private int port;

	@Value("${spring.embedded.kafka.brokers}")
	private String brokers;

	@Autowired
	private TopicProperties topics;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@AfterEach
	void closeClient() {
		this.http.close();
	}

	@Test
	void wordsGoneAfterRetentionProgressStays() throws Exception {
		DefaultKafkaProducerFactory<String, Object> producerFactory = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.brokers), new StringSerializer(),
				Json.valueSerializer());
		try {
			KafkaTemplate<String, Object> events = new KafkaTemplate<>(producerFactory);
			events.send(this.topics.batchEvents(), "kept",
					BatchSubmitted.of("kept", 1, 0, null, Instant.parse("2026-03-01T12:00:00Z")))
				.get(30, TimeUnit.SECONDS);
			events.send(this.topics.batchEvents(), "kept",
					PageCounted.of(UrlJob.of("kept", 0, "https://example.com/0"), Map.of("the", 3, "fox", 1), 100, 4))
				.get(30, TimeUnit.SECONDS);
		}
		finally {
			producerFactory.destroy();
		}

		HttpResponse<String> words = Awaitility.await("the words of batch kept")
			.atMost(Duration.ofSeconds(60))
			.until(() -> get("/batches/kept/words?format=tsv"), (response) -> response.statusCode() == 200);
		assertThat(words.body()).isEqualTo("the\t3\nfox\t1\n");

		HttpResponse<String> dropped = Awaitility.await("the words of batch kept dropped")
			.atMost(Duration.ofSeconds(30))
			.until(() -> get("/batches/kept/words?format=tsv"), (response) -> response.statusCode() != 200);
		assertThat(dropped.statusCode()).isEqualTo(410);
		assertThat(json(dropped).get("detail").asString()).contains("batch kept")
			.contains("wordfleet.aggregator.finished-batch-retention");

		JsonNode progress = json(get("/batches/kept"));
		assertThat(progress.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(progress.get("totalWords").asLong()).isEqualTo(4);
		assertThat(progress.get("distinctWords").asLong()).isEqualTo(2);
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return Json.mapper().readTree(response.body());
	}

}
