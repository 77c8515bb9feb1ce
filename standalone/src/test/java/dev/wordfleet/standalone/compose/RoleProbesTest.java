package dev.wordfleet.standalone.compose;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.wordfleet.aggregator.AggregatorApplication;
import dev.wordfleet.producer.ProducerApplication;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.worker.WorkerApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes that the compose file's health checks call, served by each role whose Kafka cluster is unreachable:
 * readiness fails with status 503 and names the {@code kafka} component, and liveness stays up. The standalone jar
 * carries the aggregator's status page, which only the aggregator serves.
 */
class RoleProbesTest {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ConfigurableApplicationContext context;

	@AfterEach
	void stopRole() {
		if (this.context != null) {
			this.context.close();
		}
		this.http.close();
	}

	@ParameterizedTest
	@EnumSource
	void readinessFailsWithoutKafka(Role role) throws Exception {
		int port = startWithClosedKafkaPort(role);

		HttpResponse<String> response = get(port, "/actuator/health/readiness");

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(Json.mapper().readTree(response.body()).at("/components/kafka/status").asString())
			.isEqualTo("DOWN");
	}

	@ParameterizedTest
	@EnumSource
	void livenessStaysUpWithoutKafka(Role role) throws Exception {
		int port = startWithClosedKafkaPort(role);

		HttpResponse<String> response = get(port, "/actuator/health/liveness");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Json.mapper().readTree(response.body()).at("/status").asString()).isEqualTo("UP");
	}

	@ParameterizedTest
	@EnumSource
	void onlyAggregatorServesStatusPage(Role role) throws Exception {
		int port = startWithClosedKafkaPort(role);

		HttpResponse<String> response = get(port, "/");

		if (role == Role.AGGREGATOR) {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("<title>wordfleet aggregator</title>");
		}
		else {
			assertThat(response.statusCode()).isEqualTo(404);
		}
	}

	/**
	 * Starts the role on a free HTTP port, pointed at a loopback port where no broker listens, and returns its HTTP
	 * port. Topic creation gives up after a second instead of Kafka's default 30 seconds.
	 */
	private int startWithClosedKafkaPort(Role role) throws IOException {
		this.context = new SpringApplicationBuilder(role.application).bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(Map.of("spring.config.name", role.configNames))
			.run("--spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort(), "--server.port=0",
					"--spring.kafka.admin.operation-timeout=1s", "--spring.kafka.admin.close-timeout=1s");
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** The roles, with their application classes and configuration file names. */
	enum Role {

		PRODUCER(ProducerApplication.class, ProducerApplication.CONFIG_NAMES),

		WORKER(WorkerApplication.class, WorkerApplication.CONFIG_NAMES),

		AGGREGATOR(AggregatorApplication.class, AggregatorApplication.CONFIG_NAMES);

		private final Class<?> application;

		private final String configNames;

		Role(Class<?> application, String configNames) {
			this.application = application;
			this.configNames = configNames;
		}

	}

	/** Returns a loopback port that was free a moment ago, and on which nothing listens now. */
	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
