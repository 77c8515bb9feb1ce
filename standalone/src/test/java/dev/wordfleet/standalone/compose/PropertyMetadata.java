package dev.wordfleet.standalone.compose;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The properties that Spring Boot's configuration metadata describes: every
 * {@code META-INF/spring-configuration-metadata.json} on the class path, which each Spring Boot module and each
 * library with {@code @ConfigurationProperties} classes ships in its jar.
 */
final class PropertyMetadata {

	static final String LOCATION = "META-INF/spring-configuration-metadata.json";

	private final List<ConfigurationPropertyName> properties;

	/** Map-typed properties such as {@code spring.kafka.producer.properties}, which take any key below them. */
	private final List<ConfigurationPropertyName> maps;

	private final int files;

	private PropertyMetadata(List<ConfigurationPropertyName> properties, List<ConfigurationPropertyName> maps,
			int files) {
		this.properties = properties;
		this.maps = maps;
		this.files = files;
	}

	/** Reads every metadata file that the class loader finds. */
	static PropertyMetadata load(ClassLoader classLoader) throws IOException {
		JsonMapper mapper = JsonMapper.builder().build();
		List<ConfigurationPropertyName> properties = new ArrayList<>();
		List<ConfigurationPropertyName> maps = new ArrayList<>();
		int files = 0;
		for (URL url : Collections.list(classLoader.getResources(LOCATION))) {
			JsonNode root;
			try (InputStream in = url.openStream()) {
				root = mapper.readTree(in);
			}
			files++;
			for (JsonNode property : root.path("properties").values()) {
				String name = property.path("name").asString("");
				// Nothing binds to a name that ConfigurationPropertyName rejects, so such names are skipped.
				if (!ConfigurationPropertyName.isValid(name)) {
					continue;
				}
				properties.add(ConfigurationPropertyName.of(name));
				if (property.path("type").asString("").startsWith("java.util.Map<")) {
					maps.add(ConfigurationPropertyName.of(name));
				}
			}
		}
		return new PropertyMetadata(properties, maps, files);
	}

	/** Returns the number of metadata files read. */
	int files() {
		return this.files;
	}

	/**
	 * Returns the first described property that the source provides, or a map-typed property that the source
	 * provides a key of, or {@code null} when the source binds to none of them.
	 */
	@Nullable ConfigurationPropertyName findBoundProperty(ConfigurationPropertySource source) {
		for (ConfigurationPropertyName property : this.properties) {
			if (source.getConfigurationProperty(property) != null) {
				return property;
			}
		}
		for (ConfigurationPropertyName map : this.maps) {
			if (source.containsDescendantOf(map) == ConfigurationPropertyState.PRESENT) {
				return map;
			}
		}
		return null;
	}

}
