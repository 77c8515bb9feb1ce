package dev.wordfleet.standalone.compose;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The services of a Docker Compose file, read with SnakeYAML. Anchors, aliases and merge keys ({@code <<}) are
 * resolved as Compose resolves them, and so is interpolation: {@code $NAME}, {@code ${NAME}},
 * {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME:?error}}, {@code ${NAME?error}} and {@code $$} in
 * values, with the variables given to {@link #load(Path, Map)}. A default that contains another {@code ${...}} is
 * rejected, although Compose 2 accepts it.
 */
final class ComposeFile {

	/** A variable name as Compose reads it after {@code $} or {@code ${}. */
	private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private final Path directory;

	private final Map<String, Object> services;

	private ComposeFile(Path directory, Map<String, Object> services) {
		this.directory = directory;
		this.services = services;
	}

	/**
	 * Reads a compose file as Compose reads it when none of the variables it refers to is set, so every
	 * {@code ${NAME:-default}} takes its default.
	 * @throws IllegalArgumentException if the file has no {@code services} mapping
	 */
	static ComposeFile load(Path file) throws IOException {
		return load(file, Map.of());
	}

	/**
	 * Reads a compose file and interpolates its values with the given variables, as Compose does with those of the
	 * shell and the {@code .env} file. Duplicate keys are rejected, as Compose rejects them.
	 * @throws IllegalArgumentException if the file has no {@code services} mapping, or a value has invalid
	 * interpolation syntax or requires a variable that is not set
	 */
	static ComposeFile load(Path file, Map<String, String> variables) throws IOException {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		Yaml yaml = new Yaml(new SafeConstructor(options));
		Object root;
		try (Reader reader = Files.newBufferedReader(file)) {
			root = yaml.load(reader);
		}
		Map<String, Object> top = mapping(interpolateTree(root, variables), file + " (top level)");
		Map<String, Object> services = mapping(top.get("services"), file + " (services)");
		return new ComposeFile(file.toAbsolutePath().normalize().getParent(), services);
	}

	/** Returns a copy of a YAML tree whose string values, not keys, are interpolated. */
	private static @Nullable Object interpolateTree(@Nullable Object node, Map<String, String> variables) {
		if (node instanceof String text) {
			return interpolate(text, variables);
		}
		if (node instanceof Map<?, ?> map) {
			Map<Object, @Nullable Object> copy = new LinkedHashMap<>();
			map.forEach((key, value) -> copy.put(key, interpolateTree(value, variables)));
			return copy;
		}
		if (node instanceof List<?> list) {
			List<@Nullable Object> copy = new ArrayList<>();
			list.forEach((element) -> copy.add(interpolateTree(element, variables)));
			return copy;
		}
		return node;
	}

	/**
	 * Interpolates one value as Compose does.
	 * @throws IllegalArgumentException if the value has invalid syntax, or {@code ${NAME:?error}} or
	 * {@code ${NAME?error}} names a variable that is not set
	 */
	static String interpolate(String value, Map<String, String> variables) {
		StringBuilder result = new StringBuilder();
		int index = 0;
		while (index < value.length()) {
			char current = value.charAt(index);
			if (current != '$') {
				result.append(current);
				index++;
				continue;
			}
			if (value.startsWith("$$", index)) {
				result.append('$');
				index += 2;
				continue;
			}
			if (value.startsWith("${", index)) {
				int end = value.indexOf('}', index);
				if (end < 0) {
					throw new IllegalArgumentException("unclosed ${ in \"" + value + "\"");
				}
				result.append(substitute(value.substring(index + 2, end), value, variables));
				index = end + 1;
				continue;
			}
			Matcher name = VARIABLE_NAME.matcher(value).region(index + 1, value.length());
			if (!name.lookingAt()) {
				throw new IllegalArgumentException("invalid interpolation at position " + index + " of \"" + value
						+ "\"; write $$ for a literal $");
			}
			result.append(variables.getOrDefault(name.group(), ""));
			index = name.end();
		}
		return result.toString();
	}

	/** Returns the text that replaces {@code ${expression}}, such as {@code NAME:-default}. */
	private static String substitute(String expression, String value, Map<String, String> variables) {
		Matcher name = VARIABLE_NAME.matcher(expression);
		if (!name.lookingAt()) {
			throw new IllegalArgumentException("invalid variable name in ${" + expression + "} of \"" + value + "\"");
		}
		String variable = variables.get(name.group());
		String rest = expression.substring(name.end());
		if (rest.contains("${")) {
			throw new IllegalArgumentException(
					"nested interpolation in ${" + expression + "} of \"" + value + "\" is not supported here");
		}
		boolean setAndNotEmpty = variable != null && !variable.isEmpty();
		if (rest.isEmpty()) {
			return (variable != null) ? variable : "";
		}
		if (rest.startsWith(":-")) {
			return setAndNotEmpty ? variable : rest.substring(2);
		}
		if (rest.startsWith("-")) {
			return (variable != null) ? variable : rest.substring(1);
		}
		if (rest.startsWith(":?") || rest.startsWith("?")) {
			boolean missing = rest.startsWith(":?") ? !setAndNotEmpty : variable == null;
			if (missing || variable == null) {
				throw new IllegalArgumentException(name.group() + " is required by \"" + value + "\": "
						+ rest.substring(rest.indexOf('?') + 1));
			}
			return variable;
		}
		throw new IllegalArgumentException("unsupported interpolation ${" + expression + "} in \"" + value + "\"");
	}

	Set<String> serviceNames() {
		return this.services.keySet();
	}

	/**
	 * Returns the service of that name.
	 * @throws IllegalArgumentException if the file has no such service
	 */
	Service service(String name) {
		Object definition = this.services.get(name);
		if (definition == null) {
			throw new IllegalArgumentException(
					"service '" + name + "' not found; the compose file has " + this.services.keySet());
		}
		return new Service(name, mapping(definition, "service " + name), this.directory);
	}

	/**
	 * One service of a compose file.
	 *
	 * @param name the service name
	 * @param definition the service's keys as SnakeYAML read them
	 * @param composeDirectory the folder of the compose file, against which build contexts are resolved
	 */
	record Service(String name, Map<String, Object> definition, Path composeDirectory) {

		@Nullable String containerName() {
			Object containerName = this.definition.get("container_name");
			return (containerName != null) ? containerName.toString() : null;
		}

		@Nullable String image() {
			Object image = this.definition.get("image");
			return (image != null) ? image.toString() : null;
		}

		/**
		 * Returns the host ports that the service publishes, in both the short ({@code "127.0.0.1:8080:8080"}) and
		 * the long ({@code published:}) syntax. A port that Docker chooses, such as {@code "8082"} or
		 * {@code "127.0.0.1::8082"}, is not a fixed host port and is left out.
		 */
		List<String> fixedHostPorts() {
			Object ports = this.definition.get("ports");
			if (ports == null) {
				return List.of();
			}
			List<String> hostPorts = new ArrayList<>();
			for (Object port : sequence(ports, "ports of service " + this.name)) {
				String hostPort = (port instanceof Map<?, ?> longSyntax) ? publishedPort(longSyntax) : hostPart(port);
				if (hostPort != null && !hostPort.isEmpty()) {
					hostPorts.add(hostPort);
				}
			}
			return hostPorts;
		}

		private static @Nullable String publishedPort(Map<?, ?> longSyntax) {
			Object published = longSyntax.get("published");
			return (published != null) ? published.toString() : null;
		}

		/** Returns the host port of a short-syntax entry: the field before the container port, if there is one. */
		private static @Nullable String hostPart(Object port) {
			String entry = port.toString();
			int protocol = entry.indexOf('/');
			if (protocol >= 0) {
				entry = entry.substring(0, protocol);
			}
			int lastColon = entry.lastIndexOf(':');
			if (lastColon < 0) {
				return null;
			}
			// What remains is "HOST_PORT" or "HOST_IP:HOST_PORT", with an empty port when Docker chooses one.
			String host = entry.substring(0, lastColon);
			return host.substring(host.lastIndexOf(':') + 1);
		}

		/**
		 * Returns the Dockerfile that the service builds from: {@code build.dockerfile} (default {@code Dockerfile})
		 * in {@code build.context}, or {@code null} when the service has no {@code build} key.
		 */
		@Nullable Path dockerfile() {
			Object build = this.definition.get("build");
			if (build == null) {
				return null;
			}
			String context = ".";
			String dockerfile = "Dockerfile";
			if (build instanceof Map<?, ?> buildMapping) {
				Object contextValue = buildMapping.get("context");
				Object dockerfileValue = buildMapping.get("dockerfile");
				context = (contextValue != null) ? contextValue.toString() : context;
				dockerfile = (dockerfileValue != null) ? dockerfileValue.toString() : dockerfile;
			}
			else {
				context = build.toString();
			}
			return this.composeDirectory.resolve(context).resolve(dockerfile).normalize();
		}

		/**
		 * Returns the service's environment variables from either the mapping or the {@code NAME=VALUE} list
		 * syntax. Numbers and booleans are converted with {@code toString()}, and a variable without a value, which
		 * Compose takes from the host, becomes the empty string.
		 */
		Map<String, String> environment() {
			Object environment = this.definition.get("environment");
			Map<String, String> variables = new LinkedHashMap<>();
			if (environment == null) {
				return variables;
			}
			if (environment instanceof Map<?, ?> mapping) {
				mapping.forEach((name, value) -> variables.put(name.toString(), (value != null) ? value.toString() : ""));
				return variables;
			}
			for (Object entry : sequence(environment, "environment of service " + this.name)) {
				String text = entry.toString();
				int equals = text.indexOf('=');
				if (equals < 0) {
					variables.put(text, "");
				}
				else {
					variables.put(text.substring(0, equals), text.substring(equals + 1));
				}
			}
			return variables;
		}

	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> mapping(@Nullable Object node, String where) {
		if (!(node instanceof Map<?, ?>)) {
			throw new IllegalArgumentException(where + " must be a mapping, but was " + node);
		}
		return (Map<String, Object>) node;
	}

	private static List<?> sequence(Object node, String where) {
		if (!(node instanceof List<?> list)) {
			throw new IllegalArgumentException(where + " must be a list, but was " + node);
		}
		return list;
	}

}
