package dev.wordfleet.aggregator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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

	private AggregatorHttp api;

	@BeforeEach
	void createClient() {
		this.api = new AggregatorHttp(this.port);
	}

	@AfterEach
	void closeClient() {
		this.api.close();
	}

	@Test
	void wordsGoneAfterRetentionProgressStays() throws Exception {
		try (BatchEventSender events = new BatchEventSender(this.brokers, this.topics.batchEvents())) {
			events.send("kept", BatchSubmitted.of("kept", 1, 0, null, Instant.parse("2026-03-01T12:00:00Z")));
			events.send("kept",
					PageCounted.of(UrlJob.of("kept", 0, "https://example.com/0"), Map.of("the", 3, "fox", 1), 100, 4));
		}

		HttpResponse<String> words = Awaitility.await("the words of batch kept")
			.atMost(Duration.ofSeconds(60))
			.until(() -> this.api.get("/batches/kept/words?format=tsv"), (response) -> response.statusCode() == 200);
		assertThat(words.body()).isEqualTo("the\t3\nfox\t1\n");

		HttpResponse<String> dropped = Awaitility.await("the words of batch kept dropped")
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.api.get("/batches/kept/words?format=tsv"), (response) -> response.statusCode() != 200);
		assertThat(dropped.statusCode()).isEqualTo(410);
		assertThat(json(dropped).get("detail").asString()).contains("batch kept")
			.contains("wordfleet.aggregator.finished-batch-retention");

		JsonNode progress = json(this.api.get("/batches/kept"));
		assertThat(progress.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(progress.get("totalWords").asLong()).isEqualTo(4);
		assertThat(progress.get("distinctWords").asLong()).isEqualTo(2);
	}

	private static JsonNode json(HttpResponse<String> response) {
		return Json.mapper().readTree(response.body());
	}

}
