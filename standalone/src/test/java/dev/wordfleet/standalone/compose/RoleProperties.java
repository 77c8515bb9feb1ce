package dev.wordfleet.standalone.compose;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The configuration properties of one role's application, for checking that environment variables bind to them the
 * way Spring Boot binds the process environment.
 * <p>
 * A {@code WORDFLEET_*} variable is bound with Spring Boot's {@link Binder} into the role's
 * {@code @ConfigurationProperties} records: those that the application class and the configuration classes it
 * imports enable. It passes when one record component takes the variable's value. A {@code SPRING_*},
 * {@code MANAGEMENT_*}, {@code SERVER_*} or {@code LOGGING_*} variable passes when it binds to a property that the
 * configuration metadata on the class path describes. Those names are checked against every module on the test
 * class path, not against the role's own dependencies.
 */
final class RoleProperties {

	private static final List<String> SPRING_PREFIXES = List.of("SPRING_", "MANAGEMENT_", "SERVER_", "LOGGING_");

	/** Variables that the JVM reads at start-up. */
	private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

	private final Class<?> application;

	private final List<Class<?>> propertiesTypes;

	private final PropertyMetadata metadata;

	private RoleProperties(Class<?> application, List<Class<?>> propertiesTypes, PropertyMetadata metadata) {
		this.application = application;
		this.propertiesTypes = propertiesTypes;
		this.metadata = metadata;
	}

	/**
	 * Collects the {@code @ConfigurationProperties} records that the application class enables, directly or through
	 * the classes it imports.
	 * @throws IllegalArgumentException if it enables none
	 */
	static RoleProperties of(Class<?> application, PropertyMetadata metadata) {
		Set<Class<?>> types = new LinkedHashSet<>();
		collectEnabledProperties(application, types, new HashSet<>());
		if (types.isEmpty()) {
			throw new IllegalArgumentException(application.getName() + " enables no @ConfigurationProperties type");
		}
		for (Class<?> type : types) {
			if (!type.isRecord()) {
				throw new IllegalArgumentException(
						type.getName() + " is not a record; only records' components can be compared after binding");
			}
		}
		return new RoleProperties(application, List.copyOf(types), metadata);
	}

	private static void collectEnabledProperties(Class<?> type, Set<Class<?>> found, Set<Class<?>> visited) {
		if (!visited.add(type)) {
			return;
		}
		MergedAnnotations annotations = MergedAnnotations.from(type);
		annotations.stream(EnableConfigurationProperties.class)
			.map((enable) -> enable.getClassArray(MergedAnnotation.VALUE))
			.flatMap(Arrays::stream)
			.filter((enabled) -> enabled.isAnnotationPresent(ConfigurationProperties.class))
			.forEach(found::add);
		annotations.stream(Import.class)
			.map((imported) -> imported.getClassArray(MergedAnnotation.VALUE))
			.flatMap(Arrays::stream)
			.forEach((imported) -> collectEnabledProperties(imported, found, visited));
	}

	/**
	 * Returns the name of every property of the role's records, such as {@code wordfleet.fetch.retry.max-retries}.
	 * A component whose type is a record is a group of properties, not a property.
	 */
	List<String> propertyNames() {
		List<String> names = new ArrayList<>();
		for (Class<?> type : this.propertiesTypes) {
			collectPropertyNames(prefixOf(type), type, names);
		}
		return names;
	}

	private static void collectPropertyNames(String prefix, Class<?> type, List<String> names) {
		for (RecordComponent component : type.getRecordComponents()) {
			String name = prefix + "." + DataObjectPropertyName.toDashedForm(component.getName());
			if (component.getType().isRecord()) {
				collectPropertyNames(name, component.getType(), names);
			}
			else {
				names.add(name);
			}
		}
	}

	/**
	 * Binds the role's records from the whole environment and from nothing, the way the role starts without
	 * settings, and compares them.
	 * @return the name of each property whose value from the environment differs from its default
	 * @throws BindException if a variable cannot be bound
	 */
	List<String> differencesFromDefaults(Map<String, String> environment) {
		Binder fromEnvironment = new Binder(ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(environment))));
		Binder fromNothing = new Binder(List.of());
		List<String> differences = new ArrayList<>();
		for (Class<?> type : this.propertiesTypes) {
			String prefix = prefixOf(type);
			Object configured = fromEnvironment.bindOrCreate(prefix, Bindable.of(type));
			Object defaults = fromNothing.bindOrCreate(prefix, Bindable.of(type));
			collectDifferences(prefix, configured, defaults, differences);
		}
		return differences;
	}

	private static void collectDifferences(String prefix, Object configured, Object defaults,
			List<String> differences) {
		for (RecordComponent component : configured.getClass().getRecordComponents()) {
			String name = prefix + "." + DataObjectPropertyName.toDashedForm(component.getName());
			Object configuredValue = read(component, configured);
			Object defaultValue = read(component, defaults);
			if (component.getType().isRecord() && configuredValue != null && defaultValue != null) {
				collectDifferences(name, configuredValue, defaultValue, differences);
			}
			else if (!Objects.equals(configuredValue, defaultValue)) {
				differences.add(name);
			}
		}
	}

	/** Returns the prefixes of the role's {@code wordfleet.*} properties, such as {@code wordfleet.worker}. */
	List<String> prefixes() {
		return this.propertiesTypes.stream().map(RoleProperties::prefixOf).toList();
	}

	/**
	 * Checks each variable on its own.
	 * @return one message per variable that binds to no property of the role or binds to a value other than its
	 * own, or an empty list when every variable binds
	 */
	List<String> check(Map<String, String> environment) {
		List<String> problems = new ArrayList<>();
		environment.forEach((name, value) -> {
			String problem = checkVariable(name, value);
			if (problem != null) {
				problems.add(problem);
			}
		});
		return problems;
	}

	private @Nullable String checkVariable(String name, String value) {
		if (JVM_VARIABLES.contains(name)) {
			return null;
		}
		// Spring Boot maps variable names to property names only for a source with the system environment's name.
		ConfigurationPropertySource source = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(name, value)));
		if (name.startsWith("WORDFLEET_")) {
			return checkWordfleetVariable(name, value, source);
		}
		if (SPRING_PREFIXES.stream().anyMatch(name::startsWith)) {
			return (this.metadata.findBoundProperty(source) != null) ? null
					: name + " binds to no property described in the Spring Boot configuration metadata";
		}
		return name + " is neither a Spring Boot property, which starts with one of " + SPRING_PREFIXES
				+ " or WORDFLEET_, nor a JVM variable " + JVM_VARIABLES;
	}

	private @Nullable String checkWordfleetVariable(String name, String value, ConfigurationPropertySource source) {
		Binder binder = new Binder(source);
		for (Class<?> type : this.propertiesTypes) {
			String prefix = prefixOf(type);
			BoundNames boundNames = new BoundNames();
			Object bound;
			try {
				bound = binder.bindOrCreate(prefix, Bindable.of(type), boundNames);
			}
			catch (BindException ex) {
				return name + "=" + value + " failed to bind to " + ex.getName() + ": " + rootCause(ex).getMessage();
			}
			if (boundNames.names.isEmpty()) {
				continue;
			}
			ConfigurationPropertyName boundName = boundNames.names.getFirst();
			List<RecordComponent> path = componentPath(type, prefix, boundName);
			if (path.isEmpty()) {
				return name + " binds to " + boundName + ", which no component of " + type.getSimpleName()
						+ " stores";
			}
			// The component's generic type, so that "80,443" becomes a Set<Integer> as the binder makes it.
			TypeDescriptor target = new TypeDescriptor(
					ResolvableType.forMethodReturnType(path.getLast().getAccessor()), null, null);
			Object expected = ApplicationConversionService.getSharedInstance()
				.convert(value, TypeDescriptor.valueOf(String.class), target);
			Object actual = bound;
			for (RecordComponent component : path) {
				actual = (actual != null) ? read(component, actual) : null;
			}
			// An empty variable that a record turns into null, such as an empty WORDFLEET_API_TOKEN, means unset.
			boolean emptyMeansUnset = value.isEmpty() && actual == null;
			if (!Objects.equals(expected, actual) && !emptyMeansUnset) {
				return name + "=" + value + " binds to " + boundName + " as " + actual + ", not " + expected;
			}
			return null;
		}
		return name + " binds to no property of " + this.application.getSimpleName() + ", whose properties are "
				+ prefixes().stream().map((prefix) -> prefix + ".*").toList();
	}

	/**
	 * Returns the components that lead from a record to the one that stores the property, through nested records,
	 * or an empty list when none stores it.
	 */
	private static List<RecordComponent> componentPath(Class<?> type, String prefix,
			ConfigurationPropertyName boundName) {
		for (RecordComponent component : type.getRecordComponents()) {
			ConfigurationPropertyName property = ConfigurationPropertyName
				.of(prefix + "." + DataObjectPropertyName.toDashedForm(component.getName()));
			if (property.equals(boundName)) {
				return List.of(component);
			}
			if (component.getType().isRecord() && property.isAncestorOf(boundName)) {
				List<RecordComponent> rest = componentPath(component.getType(), property.toString(), boundName);
				if (!rest.isEmpty()) {
					List<RecordComponent> path = new ArrayList<>();
					path.add(component);
					path.addAll(rest);
					return path;
				}
			}
		}
		return List.of();
	}

	private static @Nullable Object read(RecordComponent component, Object record) {
		try {
			return component.getAccessor().invoke(record);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("failed to read " + component.getName() + " of " + record, ex);
		}
	}

	/** Returns the innermost cause, whose message is the one a record constructor threw. */
	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String prefixOf(Class<?> type) {
		ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
		if (annotation == null) {
			throw new IllegalArgumentException(type.getName() + " has no @ConfigurationProperties annotation");
		}
		return annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
	}

	/** Records the names of the properties that a bind took from the source, leaving defaults out. */
	private static final class BoundNames extends AbstractBindHandler {

		private final List<ConfigurationPropertyName> names = new ArrayList<>();

		@Override
		public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Object result) {
			// After a whole record is bound, the context still contains the last property read for one of its
			// components, so keep only a property read for this name itself.
			ConfigurationProperty property = context.getConfigurationProperty();
			if (property != null && property.getName().equals(name)) {
				this.names.add(name);
			}
			return result;
		}

	}

}
