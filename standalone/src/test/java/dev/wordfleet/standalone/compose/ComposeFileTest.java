package dev.wordfleet.standalone.compose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.wordfleet.aggregator.AggregatorApplication;
import dev.wordfleet.producer.ProducerApplication;
import dev.wordfleet.worker.WorkerApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the repository's {@code docker-compose.yml} without a Docker engine: the services, their Dockerfiles, and
 * that every environment variable of an application service binds to a property of its role.
 */
class ComposeFileTest {

	/** The compose file at the repository root; Surefire runs in the module folder. */
	static final Path COMPOSE_FILE = Path.of("../docker-compose.yml");

	/** The application class of each application service. */
	private static final Map<String, Class<?>> ROLES = Map.of("producer", ProducerApplication.class, "worker",
			WorkerApplication.class, "aggregator", AggregatorApplication.class);

	private static ComposeFile compose;

	private static PropertyMetadata metadata;

	@BeforeAll
	static void loadComposeFileAndMetadata() throws IOException {
		compose = ComposeFile.load(COMPOSE_FILE);
		metadata = PropertyMetadata.load(ComposeFileTest.class.getClassLoader());
	}

	@Test
	void composeFileHasEveryRole() {
		assertThat(compose.serviceNames()).contains("kafka", "producer", "worker", "aggregator");
	}

	@Test
	void brokerRunsApacheKafkaFour() {
		assertThat(compose.service("kafka").image()).startsWith("apache/kafka:4.");
	}

	@Test
	void workerHasNoContainerName() {
		assertThat(compose.service("worker").containerName()).isNull();
	}

	@Test
	void workerPublishesNoFixedHostPort() {
		assertThat(compose.service("worker").fixedHostPorts()).isEmpty();
	}

	@Test
	void producerPublishesItsPort() {
		assertThat(compose.service("producer").fixedHostPorts()).containsExactly("8080");
	}

	@Test
	void aggregatorPublishesItsPort() {
		assertThat(compose.service("aggregator").fixedHostPorts()).containsExactly("8081");
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void serviceBuildsFromExistingDockerfile(String service) {
		Path dockerfile = compose.service(service).dockerfile();

		assertThat(dockerfile).isNotNull();
		assertThat(dockerfile).isRegularFile();
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void dockerfileBuildsItsOwnModule(String service) throws IOException {
		String dockerfile = Files.readString(dockerfileOf(service));

		assertThat(dockerfile).contains("-pl " + service + " -am");
		assertThat(dockerfile).contains(service + "/target/wordfleet-" + service + "-");
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void dockerfileExposesRolePort(String service) throws IOException {
		String dockerfile = Files.readString(dockerfileOf(service));

		assertThat(dockerfile).containsPattern("(?m)^EXPOSE " + serverPort(service) + "$");
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void healthCheckCallsRoleActuator(String service) {
		Object healthCheck = compose.service(service).definition().get("healthcheck");

		assertThat(healthCheck).isInstanceOf(Map.class);
		assertThat(((Map<?, ?>) healthCheck).get("test").toString())
			.contains("http://localhost:" + serverPort(service) + "/actuator/health");
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void serviceWaitsForHealthyBroker(String service) {
		Object dependsOn = compose.service(service).definition().get("depends_on");

		assertThat(dependsOn).isInstanceOf(Map.class);
		assertThat(((Map<?, ?>) dependsOn).get("kafka")).isEqualTo(Map.of("condition", "service_healthy"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void environmentBindsToRoleProperties(String service) {
		Map<String, String> environment = compose.service(service).environment();

		assertThat(environment).containsKey("SPRING_KAFKA_BOOTSTRAP_SERVERS");
		assertThat(roleProperties(service).check(environment)).isEmpty();
	}

	@Test
	void workerEnvironmentSetsFetchProperties() {
		assertThat(compose.service("worker").environment()).containsKey("WORDFLEET_FETCH_ALLOW_PRIVATE_NETWORKS");
	}

	@Test
	void misspeltWordfleetVariableIsRejected() {
		assertThat(roleProperties("worker").check(Map.of("WORDFLEET_FETCH_ALLOW_PRIVATE_NETWORK", "true")))
			.singleElement()
			.asString()
			.startsWith("WORDFLEET_FETCH_ALLOW_PRIVATE_NETWORK binds to no property of WorkerApplication");
	}

	@Test
	void variableOfOtherRoleIsRejected() {
		assertThat(roleProperties("producer").check(Map.of("WORDFLEET_WORKER_CONCURRENCY", "4")))
			.singleElement()
			.asString()
			.startsWith("WORDFLEET_WORKER_CONCURRENCY binds to no property of ProducerApplication");
	}

	@Test
	void unconvertibleValueIsRejected() {
		assertThat(roleProperties("worker").check(Map.of("WORDFLEET_WORKER_CONCURRENCY", "many")))
			.singleElement()
			.asString()
			.startsWith("WORDFLEET_WORKER_CONCURRENCY=many failed to bind to wordfleet.worker");
	}

	@Test
	void valueRejectedByRecordIsRejected() {
		assertThat(roleProperties("worker").check(Map.of("WORDFLEET_WORKER_CONCURRENCY", "0")))
			.singleElement()
			.asString()
			.contains("must be 1 or more, but was 0");
	}

	@Test
	void variableWithoutDashesBinds() {
		assertThat(roleProperties("worker").check(Map.of("WORDFLEET_FETCH_ALLOWPRIVATENETWORKS", "true"))).isEmpty();
	}

	@Test
	void misspeltSpringVariableIsRejected() {
		assertThat(roleProperties("producer").check(Map.of("SPRING_KAFKA_BOOTSTRAP_SERVER", "kafka:9092")))
			.singleElement()
			.asString()
			.startsWith("SPRING_KAFKA_BOOTSTRAP_SERVER binds to no property");
	}

	@Test
	void kafkaClientMapVariableIsAccepted() {
		assertThat(roleProperties("producer").check(Map.of("SPRING_KAFKA_PRODUCER_PROPERTIES_LINGER_MS", "20")))
			.isEmpty();
	}

	@Test
	void actuatorVariableIsAccepted() {
		assertThat(roleProperties("worker").check(Map.of("MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS", "always")))
			.isEmpty();
	}

	@Test
	void variableOutsideSpringIsRejected() {
		assertThat(roleProperties("worker").check(Map.of("WORKER_CONCURRENCY", "4")))
			.singleElement()
			.asString()
			.startsWith("WORKER_CONCURRENCY is neither a Spring Boot property");
	}

	private static RoleProperties roleProperties(String service) {
		return RoleProperties.of(ROLES.get(service), metadata);
	}

	private static Path dockerfileOf(String service) {
		Path dockerfile = compose.service(service).dockerfile();
		assertThat(dockerfile).as("Dockerfile of service %s", service).isNotNull();
		return dockerfile;
	}

	/** Returns the role's default {@code server.port}, from the defaults file that its application class loads. */
	private static String serverPort(String service) {
		Properties defaults = new Properties();
		String file = service + ".properties";
		try (InputStream in = ROLES.get(service).getClassLoader().getResourceAsStream(file)) {
			assertThat(in).as("%s on the class path", file).isNotNull();
			defaults.load(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException("failed to read " + file, ex);
		}
		String port = defaults.getProperty("server.port");
		assertThat(port).as("server.port in %s", file).isNotNull();
		return port;
	}

}
