package dev.wordfleet.producer;

import java.net.http.HttpResponse;
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
import tools.jackson.databind.JsonNode;

import static dev.wordfleet.api.ApiTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The producer with {@code wordfleet.api.token} set: every endpoint but health requires it. */
@SpringBootTest(classes = ProducerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + ProducerApplication.CONFIG_NAMES,
				"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"wordfleet.topics.prefix=token-test.", "wordfleet.topics.jobs-partitions=2",
				"wordfleet.topics.events-partitions=1", "wordfleet.api.token=" + ProducerApiTokenTest.TOKEN })
@EmbeddedKafka
@DirtiesContext
class ProducerApiTokenTest {

	static final String TOKEN = "s3cret-token-for-tests";

	private static final Map<String, String> AUTHORIZED = Map.of("Authorization", "Bearer " + TOKEN);

	private static final String URLS = "[\"https://example.com/a\"]";

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
	void submissionWithoutTokenIsRejected() throws Exception {
		HttpResponse<String> response = this.client.post("/batches", "application/json", URLS, Map.of());
		JsonNode problem = json(response);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer"));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(problem.get("detail").asString()).contains("Authorization: Bearer", "wordfleet.api.token");
	}

	@Test
	void submissionWithWrongTokenIsRejected() throws Exception {
		HttpResponse<String> response = this.client.post("/batches", "application/json", URLS,
				Map.of("Authorization", "Bearer " + TOKEN + "x"));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).contains("error=\"invalid_token\""));
	}

	@Test
	void otherAuthorizationSchemeIsRejected() throws Exception {
		HttpResponse<String> response = this.client.post("/batches", "application/json", URLS,
				Map.of("Authorization", "Basic " + TOKEN));

		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void submissionWithTokenIsAccepted() throws Exception {
		HttpResponse<String> response = this.client.post("/batches", "application/json", URLS, AUTHORIZED);

		assertThat(response.statusCode()).isEqualTo(202);
	}

	@Test
	void healthIsOpenWithoutToken() throws Exception {
		assertThat(this.client.get("/actuator/health", Map.of()).statusCode()).isEqualTo(200);
		assertThat(this.client.get("/actuator/health/liveness", Map.of()).statusCode()).isNotEqualTo(401);
	}

	@Test
	void metricsRequireToken() throws Exception {
		assertThat(this.client.get("/actuator/prometheus", Map.of()).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/actuator/prometheus", AUTHORIZED).statusCode()).isEqualTo(200);
	}

	@Test
	void pathOutsideHealthIsNotExempt() throws Exception {
		assertThat(this.client.get("/actuator/health/../prometheus", Map.of()).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/actuator/healthz", Map.of()).statusCode()).isEqualTo(401);
	}

	@Test
	void apiDocsRequireToken() throws Exception {
		assertThat(this.client.get("/v3/api-docs", Map.of()).statusCode()).isEqualTo(401);
	}

	@Test
	void apiDocsServedAsYaml() throws Exception {
		HttpResponse<String> docs = this.client.get("/v3/api-docs.yaml", AUTHORIZED);

		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.body()).contains("openapi: 3.1.0", "/batches:");
	}

	@Test
	void apiDocsDescribeEveryEndpoint() throws Exception {
		HttpResponse<String> docs = this.client.get("/v3/api-docs", AUTHORIZED);

		assertThat(docs.statusCode()).isEqualTo(200);
		List<String> endpoints = ApiDocsAssertions.assertEveryEndpointDescribed(this.context, docs.body());
		assertThat(endpoints).contains("POST /batches");
		JsonNode submit = json(docs).path("paths").path("/batches").path("post");
		assertThat(submit.path("responses").propertyNames()).contains("200", "202", "400", "401", "413", "422");
		assertThat(submit.path("responses").path("413").path("content").propertyNames())
			.containsExactly("application/problem+json");
		assertThat(submit.path("responses").path("202").path("content").propertyNames())
			.containsExactly("application/json");
		assertThat(json(docs).path("components").path("securitySchemes").path("bearerToken").path("scheme")
			.asString()).isEqualTo("bearer");
	}

}
