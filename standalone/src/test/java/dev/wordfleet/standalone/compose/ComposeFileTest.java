package dev.wordfleet.standalone.compose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.wordfleet.aggregator.AggregatorApplication;
import dev.wordfleet.producer.ProducerApplication;
import dev.wordfleet.worker.WorkerApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the repository's {@code docker-compose.yml} without a Docker engine: the services, their health checks,
 * restart policies and limits, their Dockerfiles, and that the environment of an application service sets every
 * property of its role, each variable binding to one, with the role's defaults.
 */
class ComposeFileTest {

	/**
	 * Properties that the compose file sets to another value than the role's default, with the reason. Every other
	 * default in the compose file must equal the role's, so that a changed default in the code is not hidden here.
	 */
	private static final Map<String, String> DELIBERATE_DIFFERENCES = Map.of("wordfleet.topics.replication-factor",
			"the compose file runs one broker, which holds one replica");

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
	void healthCheckCallsRoleReadiness(String service) {
		assertThat(healthCheck(service).get("test").toString())
			.contains("http://localhost:" + serverPort(service) + "/actuator/health/readiness");
	}

	@ParameterizedTest
	@ValueSource(strings = { "kafka", "producer", "worker", "aggregator" })
	void serviceHasHealthCheck(String service) {
		Map<?, ?> healthCheck = healthCheck(service);

		assertThat(healthCheck.get("test")).asInstanceOf(InstanceOfAssertFactories.LIST).isNotEmpty();
		assertThat(healthCheck).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsKeys("interval", "timeout", "retries", "start_period");
	}

	@ParameterizedTest
	@ValueSource(strings = { "kafka", "producer", "worker", "aggregator" })
	void serviceRestartsUnlessStopped(String service) {
		assertThat(compose.service(service).definition().get("restart")).isEqualTo("unless-stopped");
	}

	@ParameterizedTest
	@ValueSource(strings = { "kafka", "producer", "worker", "aggregator" })
	void serviceHasMemoryLimit(String service) {
		Map<String, Object> definition = compose.service(service).definition();
		Object deploy = definition.get("deploy");
		Object limit = (deploy instanceof Map<?, ?> deployment)
				&& (deployment.get("resources") instanceof Map<?, ?> resources)
				&& (resources.get("limits") instanceof Map<?, ?> limits) ? limits.get("memory")
						: definition.get("mem_limit");

		assertThat(limit).as("deploy.resources.limits.memory or mem_limit of %s", service).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "kafka", "producer", "worker", "aggregator" })
	void serviceRotatesItsLogs(String service) {
		Object logging = compose.service(service).definition().get("logging");

		assertThat(logging).isInstanceOf(Map.class);
		assertThat(((Map<?, ?>) logging).get("options")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsKeys("max-size", "max-file");
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void dockerfileBuildsWithMavenWrapper(String service) throws IOException {
		Dockerfile dockerfile = Dockerfile.load(dockerfileOf(service));

		assertThat(dockerfile.stages()).as("build and runtime stages").hasSizeGreaterThanOrEqualTo(2);
		assertThat(dockerfile.stages().getFirst()).filteredOn((instruction) -> instruction.keyword().equals("RUN"))
			.anySatisfy((run) -> assertThat(run.arguments()).contains("./mvnw "));
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void dockerfileRunsAsNonRootUser(String service) throws IOException {
		List<String> users = Dockerfile.load(dockerfileOf(service)).runtime("USER");

		assertThat(users).as("USER instructions of the runtime stage").isNotEmpty();
		String user = users.getLast().split(":")[0];
		assertThat(user).isNotIn("root", "0");
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void dockerfileInstallsHealthCheckTool(String service) throws IOException {
		List<?> test = (List<?>) healthCheck(service).get("test");
		assertThat(test.getFirst()).as("health check form").isEqualTo("CMD");
		String tool = test.get(1).toString();

		List<String> runs = Dockerfile.load(dockerfileOf(service)).runtime("RUN");

		assertThat(runs).anySatisfy((run) -> assertThat(run).containsPattern("apt-get install .*\\b" + tool + "\\b"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void dockerfileSizesHeapFromMemoryLimit(String service) throws IOException {
		List<String> entrypoints = Dockerfile.load(dockerfileOf(service)).runtime("ENTRYPOINT");

		assertThat(entrypoints).singleElement().asString().contains("-XX:MaxRAMPercentage=");
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

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void environmentSetsEveryRoleProperty(String service) {
		ConfigurationPropertySource environment = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				Map.copyOf(compose.service(service).environment())));

		assertThat(roleProperties(service).propertyNames()).isNotEmpty()
			.allSatisfy((property) -> assertThat(environment.getConfigurationProperty(ConfigurationPropertyName.of(property)))
				.as("a variable of service %s for %s", service, property)
				.isNotNull());
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void environmentDefaultsEqualRoleDefaults(String service) {
		List<String> differences = roleProperties(service).differencesFromDefaults(compose.service(service).environment());

		assertThat(differences).isSubsetOf(DELIBERATE_DIFFERENCES.keySet());
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void wordfleetVariablesTakeHostValues(String service) throws IOException {
		Map<String, String> hostValues = new HashMap<>();
		compose.service(service).environment().keySet().stream()
			.filter((name) -> name.startsWith("WORDFLEET_"))
			.forEach((name) -> hostValues.put(name, "from-host-" + name));

		Map<String, String> environment = ComposeFile.load(COMPOSE_FILE, hostValues).service(service).environment();

		assertThat(hostValues).isNotEmpty();
		hostValues.forEach((name, value) -> assertThat(environment).containsEntry(name, value));
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

	private static Map<?, ?> healthCheck(String service) {
		Object healthCheck = compose.service(service).definition().get("healthcheck");
		assertThat(healthCheck).as("healthcheck of service %s", service).isInstanceOf(Map.class);
		return (Map<?, ?>) healthCheck;
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
