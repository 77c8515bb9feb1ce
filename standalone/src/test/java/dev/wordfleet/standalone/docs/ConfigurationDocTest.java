package dev.wordfleet.standalone.docs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares {@code docs/configuration.md} with the configuration metadata that {@code spring-boot-configuration-processor}
 * writes into each module's jar from the {@code @ConfigurationProperties} records: every {@code wordfleet.*} property
 * is documented once, with the default, type and environment variable that the code gives it, and the page lists no
 * property that the code does not have.
 */
class ConfigurationDocTest {

	/** The page, from the module folder in which Surefire runs. */
	private static final Path PAGE = Path.of("../docs/configuration.md");

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	/** The type column's text for each property type of the metadata. A number's cell may add its unit after a comma. */
	private static final Map<String, String> TYPES = Map.of("java.lang.String", "text", "java.lang.Integer", "integer",
			"java.lang.Short", "integer", "java.lang.Double", "decimal number", "java.lang.Boolean", "boolean",
			"java.time.Duration", "duration", "org.springframework.util.unit.DataSize", "size",
			"java.util.Set<java.lang.Integer>", "list of integers");

	/** Groups that each module contributes, so that a build without metadata cannot pass by finding nothing. */
	private static final List<String> EXPECTED_GROUPS = List.of("wordfleet.topics.", "wordfleet.health.kafka.",
			"wordfleet.api.", "wordfleet.worker.", "wordfleet.fetch.", "wordfleet.aggregator.");

	private static Map<String, Property> metadata;

	private static List<Row> rows;

	@BeforeAll
	static void readMetadataAndPage() throws IOException {
		metadata = readMetadata(ConfigurationDocTest.class.getClassLoader());
		rows = readRows(Files.readAllLines(PAGE));
	}

	@Test
	void metadataCoversEveryModule() {
		assertThat(EXPECTED_GROUPS).allSatisfy((group) -> assertThat(metadata.keySet())
			.as("properties under %s in the configuration metadata", group)
			.anyMatch((name) -> name.startsWith(group)));
	}

	@Test
	void everyPropertyIsDocumented() {
		List<String> documented = rows.stream().map(Row::property).toList();

		List<String> missing = metadata.keySet().stream().filter((name) -> !documented.contains(name)).toList();

		assertThat(missing).as("properties missing from %s", PAGE).isEmpty();
	}

	@Test
	void everyDocumentedPropertyExists() {
		List<String> unknown = rows.stream().map(Row::property).filter((name) -> !metadata.containsKey(name)).toList();

		assertThat(unknown).as("properties in %s that no @ConfigurationProperties record has", PAGE).isEmpty();
	}

	@Test
	void noPropertyDocumentedTwice() {
		Map<String, Long> counts = rows.stream().collect(Collectors.groupingBy(Row::property, Collectors.counting()));

		assertThat(counts).allSatisfy((property, count) -> assertThat(count).as(property).isEqualTo(1));
	}

	@Test
	void documentedDefaultsMatchCode() {
		SoftAssertions.assertSoftly((softly) -> {
			for (Row row : documentedProperties()) {
				softly.assertThat(row.defaultValue())
					.as("default of %s", row.property())
					.isEqualTo(metadata.get(row.property()).defaultValue());
			}
		});
	}

	@Test
	void documentedTypesMatchCode() {
		SoftAssertions.assertSoftly((softly) -> {
			for (Row row : documentedProperties()) {
				String type = metadata.get(row.property()).type();
				String expected = TYPES.get(type);
				softly.assertThat(expected).as("a type column text for %s; add one to TYPES", type).isNotNull();
				softly.assertThat(row.type())
					.as("type of %s", row.property())
					.matches((cell) -> cell.equals(expected) || cell.startsWith(expected + ", "),
							"is '" + expected + "' or starts with '" + expected + ", '");
			}
		});
	}

	@Test
	void documentedVariablesBindToTheirProperty() {
		SoftAssertions.assertSoftly((softly) -> {
			for (Row row : documentedProperties()) {
				String expected = row.property().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
				softly.assertThat(row.variable()).as("environment variable of %s", row.property()).isEqualTo(expected);

				ConfigurationPropertySource source = ConfigurationPropertySource
					.from(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of(row.variable(), "1")));
				softly.assertThat(source.getConfigurationProperty(ConfigurationPropertyName.of(row.property())))
					.as("what %s binds to %s", row.variable(), row.property())
					.isNotNull();
			}
		});
	}

	@Test
	void everyPropertyHasMeaning() {
		assertThat(rows).allSatisfy((row) -> assertThat(row.meaning()).as("meaning of %s", row.property())
			.isNotBlank());
	}

	/** Returns the rows whose property the code has; the other rows fail {@link #everyDocumentedPropertyExists()}. */
	private static List<Row> documentedProperties() {
		return rows.stream().filter((row) -> metadata.containsKey(row.property())).toList();
	}

	/** Reads the {@code wordfleet.*} properties of every metadata file on the class path. */
	private static Map<String, Property> readMetadata(ClassLoader classLoader) throws IOException {
		JsonMapper mapper = JsonMapper.builder().build();
		Map<String, Property> properties = new LinkedHashMap<>();
		for (URL url : Collections.list(classLoader.getResources(METADATA))) {
			JsonNode root;
			try (InputStream in = url.openStream()) {
				root = mapper.readTree(in);
			}
			for (JsonNode property : root.path("properties").values()) {
				String name = property.path("name").asString("");
				if (name.startsWith("wordfleet.")) {
					String type = property.path("type").asString("");
					properties.put(name, new Property(type, defaultText(property.get("defaultValue"))));
				}
			}
		}
		return properties;
	}

	/**
	 * Returns a metadata default as the page writes it: {@code none} when there is none, a list as its elements
	 * separated by commas, anything else as its text.
	 */
	private static String defaultText(@Nullable JsonNode value) {
		if (value == null || value.isNull()) {
			return "none";
		}
		if (value.isArray()) {
			List<String> elements = new ArrayList<>();
			value.values().forEach((element) -> elements.add(element.asString()));
			return String.join(",", elements);
		}
		String text = value.isNumber() ? value.numberValue().toString() : value.asString();
		// The processor writes the default of a collection, such as @DefaultValue({ "80", "443" }), as "[80, 443]".
		if (text.startsWith("[") && text.endsWith("]")) {
			return text.substring(1, text.length() - 1).replace(", ", ",");
		}
		return text;
	}

	/** Reads the table rows of the page that document a {@code wordfleet.*} property. */
	private static List<Row> readRows(List<String> lines) {
		List<Row> rows = new ArrayList<>();
		for (String line : lines) {
			if (!line.startsWith("| `wordfleet.")) {
				continue;
			}
			String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
			assertThat(cells).as("cells of the row %s", line).hasSize(5);
			rows.add(new Row(unquote(cells[0]), unquote(cells[1]), cells[2].strip(), unquote(cells[3]),
					cells[4].strip()));
		}
		return rows;
	}

	private static String unquote(String cell) {
		String text = cell.strip();
		return (text.length() >= 2 && text.startsWith("`") && text.endsWith("`"))
				? text.substring(1, text.length() - 1) : text;
	}

	/**
	 * A property as the configuration metadata describes it.
	 *
	 * @param type the Java type, such as {@code java.time.Duration}
	 * @param defaultValue the default as the page writes it
	 */
	private record Property(String type, String defaultValue) {
	}

	/**
	 * A property's row on the page.
	 *
	 * @param property the property's name
	 * @param defaultValue the default, without backticks, or {@code none}
	 * @param type the type and unit column
	 * @param variable the environment variable
	 * @param meaning what the property sets
	 */
	private record Row(String property, String defaultValue, String type, String variable, String meaning) {
	}

}
