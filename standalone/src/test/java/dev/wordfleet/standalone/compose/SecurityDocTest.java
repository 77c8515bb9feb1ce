package dev.wordfleet.standalone.compose;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.wordfleet.aggregator.AggregatorApplication;
import dev.wordfleet.producer.ProducerApplication;
import dev.wordfleet.worker.WorkerApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of {@code docs/security.md}, bound the way Spring Boot binds them: the properties for a user's own
 * cluster and the environment of the compose override reach the settings of every kind of Kafka client.
 */
class SecurityDocTest {

	private static final Path PAGE = Path.of("../docs/security.md");

	private static final Map<String, Class<?>> ROLES = Map.of("producer", ProducerApplication.class, "worker",
			WorkerApplication.class, "aggregator", AggregatorApplication.class);

	/** The variables that the page's {@code docker compose up} line sets. */
	private static final Map<String, String> HOST_VARIABLES = Map.of("KAFKA_PASSWORD", "kafka-secret",
			"KAFKA_TRUSTSTORE_PASSWORD", "store-secret");

	private static String page;

	private static PropertyMetadata metadata;

	@BeforeAll
	static void readPage() throws IOException {
		page = Files.readString(PAGE);
		metadata = PropertyMetadata.load(SecurityDocTest.class.getClassLoader());
	}

	@Test
	void ownClusterPropertiesReachEveryClient() throws IOException {
		Properties properties = new Properties();
		properties.load(new StringReader(fencedBlock("properties", 0)));

		KafkaProperties kafka = new Binder(ConfigurationPropertySource.from(new PropertiesPropertySource("page", properties)))
			.bindOrCreate("spring.kafka", KafkaProperties.class);

		for (Map<String, Object> client : List.of(kafka.buildConsumerProperties(), kafka.buildProducerProperties(),
				kafka.buildAdminProperties())) {
			assertThat(client).containsEntry("security.protocol", "SASL_SSL")
				.containsEntry("sasl.mechanism", "SCRAM-SHA-512")
				.containsEntry("ssl.truststore.type", "PKCS12")
				.containsKey("ssl.truststore.location")
				.containsKey("sasl.jaas.config");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void composeOverrideReachesEveryClient(String service, @TempDir Path folder) throws IOException {
		Map<String, String> environment = overrideEnvironment(service, folder);

		KafkaProperties kafka = new Binder(ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(environment))))
			.bindOrCreate("spring.kafka", KafkaProperties.class);

		for (Map<String, Object> client : List.of(kafka.buildConsumerProperties(), kafka.buildProducerProperties(),
				kafka.buildAdminProperties())) {
			assertThat(client).containsEntry("security.protocol", "SASL_SSL")
				.containsEntry("sasl.mechanism", "SCRAM-SHA-512")
				.containsEntry("sasl.jaas.config",
						"org.apache.kafka.common.security.scram.ScramLoginModule required username=\"wordfleet\" "
								+ "password=\"kafka-secret\";")
				.containsEntry("ssl.truststore.password", "store-secret")
				.containsEntry("ssl.truststore.type", "PKCS12");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "producer", "worker", "aggregator" })
	void composeOverrideVariablesBind(String service, @TempDir Path folder) throws IOException {
		Map<String, String> environment = overrideEnvironment(service, folder);

		assertThat(RoleProperties.of(ROLES.get(service), metadata).check(environment)).isEmpty();
	}

	/** Returns a service's environment in the page's compose override, interpolated with {@link #HOST_VARIABLES}. */
	private static Map<String, String> overrideEnvironment(String service, Path folder) throws IOException {
		Path override = folder.resolve("docker-compose.override.yml");
		Files.writeString(override, fencedBlock("yaml", 0));
		return ComposeFile.load(override, HOST_VARIABLES).service(service).environment();
	}

	/** Returns the text of the page's code block of that language, counting from 0. */
	private static String fencedBlock(String language, int index) {
		String fence = "```" + language + "\n";
		int start = -1;
		for (int i = 0; i <= index; i++) {
			start = page.indexOf(fence, start + 1);
			assertThat(start).as("code block %d of language %s in %s", i, language, PAGE).isNotNegative();
		}
		int end = page.indexOf("```", start + fence.length());
		return page.substring(start + fence.length(), end);
	}

}
