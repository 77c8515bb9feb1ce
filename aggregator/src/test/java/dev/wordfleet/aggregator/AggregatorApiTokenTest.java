package dev.wordfleet.aggregator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import dev.wordfleet.api.ApiDocsAssertions;
import dev.wordfleet.api.ApiTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The aggregator with {@code wordfleet.api.token} set: every endpoint but health requires it. */
@SpringBootTest(classes = AggregatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + AggregatorApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"wordfleet.topics.prefix=aggregator-token-test.", "wordfleet.topics.jobs-partitions=1",
				"wordfleet.topics.events-partitions=1", "wordfleet.api.token=" + AggregatorApiTokenTest.TOKEN })
@EmbeddedKafka
@DirtiesContext
class AggregatorApiTokenTest {

	static final String TOKEN = "aggregator-token-for-tests";

	private static final Map<String, String> AUTHORIZED = Map.of("Authorization", "Bearer " + TOKEN);

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	private ApiTestClient client;

	@BeforeEach
	void openClient() {
		this.client = new ApiTestClient(this.port);
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void batchListWithoutTokenIsRejected() throws Exception {
		HttpResponse<String> response = this.client.get("/batches", Map.of());

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer"));
	}

	@Test
	void batchListWithTokenIsServed() throws Exception {
		assertThat(this.client.get("/batches", AUTHORIZED).statusCode()).isEqualTo(200);
	}

	@Test
	void cancelWithoutTokenIsRejected() throws Exception {
		HttpResponse<String> response = this.client.post("/batches/any/cancel", "text/plain", "", Map.of());

		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void healthIsOpenWithoutToken() {
		// Health is DOWN, with status 503, until the aggregator has read the batch events of its partitions.
		int status = await("health").atMost(Duration.ofSeconds(30))
			.until(() -> this.client.get("/actuator/health", Map.of()).statusCode(), (code) -> code != 503);

		assertThat(status).isEqualTo(200);
	}

	@Test
	void metricsRequireToken() throws Exception {
		assertThat(this.client.get("/actuator/prometheus", Map.of()).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/actuator/prometheus", AUTHORIZED).statusCode()).isEqualTo(200);
	}

	@Test
	void apiDocsDescribeEveryEndpoint() throws Exception {
		HttpResponse<String> docs = this.client.get("/v3/api-docs", AUTHORIZED);

		assertThat(docs.statusCode()).isEqualTo(200);
		List<String> endpoints = ApiDocsAssertions.assertEveryEndpointDescribed(this.context, docs.body());
		assertThat(endpoints).contains("GET /batches", "GET /batches/{batchId}", "GET /batches/{batchId}/words",
				"GET /batches/{batchId}/events", "GET /batches/{batchId}/failures", "POST /batches/{batchId}/cancel");
	}

}
