package dev.wordfleet.protocol;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.StringUtils;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of wordfleet messages on Kafka. Record values carry no type headers: each topic carries one message
 * type (or, for {@link BatchEvent}, a {@code type} property), so systems in any language can publish them.
 */
public final class Json {

	/**
	 * Property names are not canonicalized: the word counts of a page are a JSON object with thousands of distinct
	 * names, which would fill and copy the parser's symbol table on every message for no reuse.
	 */
	private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
			.disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES)
			.build())
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
		.build();

	private Json() {
	}

	/** Returns the mapper for wordfleet messages; unknown properties are ignored, missing ones rejected. */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	/** Returns a serializer that writes values as JSON without type headers. */
	public static <T> Serializer<T> serializer() {
		JacksonJsonSerializer<T> serializer = new JacksonJsonSerializer<>(MAPPER);
		serializer.setAddTypeInfo(false);
		return serializer;
	}

	/**
	 * Returns a deserializer for values of the given type that never throws: a record that cannot be read reaches the
	 * listener container as a deserialization failure, which the error handler sends to the dead-letter topic.
	 */
	public static <T> Deserializer<T> deserializer(Class<T> type) {
		JacksonJsonDeserializer<T> json = new JacksonJsonDeserializer<>(type, MAPPER, false);
		return new ErrorHandlingDeserializer<>(json);
	}

	/**
	 * Returns the value serializer of every wordfleet producer: a {@code byte[]} is written as it is (a dead letter
	 * that could not be deserialized keeps its original bytes), anything else as JSON.
	 */
	public static Serializer<Object> valueSerializer() {
		Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
		byType.put(byte[].class, new ByteArraySerializer());
		byType.put(Object.class, serializer());
		return new DelegatingByTypeSerializer(byType, true);
	}

	/**
	 * Creates a consumer factory for string keys and JSON values of one type, with every other setting (servers,
	 * security, group) and the metrics listener taken from the given factory, usually the one Spring Boot
	 * configures from {@code spring.kafka.*}. The factory is named after the type, such as
	 * {@code batchEventConsumerFactory}, which is part of the {@code spring.id} tag of its consumers' metrics.
	 */
	public static <T> ConsumerFactory<String, T> consumerFactory(ConsumerFactory<?, ?> base, Class<T> type) {
		String name = StringUtils.uncapitalize(type.getSimpleName()) + "ConsumerFactory";
		return KafkaClients.consumerFactory(base, name, Map.of(), new StringDeserializer(), deserializer(type));
	}

	/**
	 * Returns a customizer for Spring Boot's producer factory: string keys, and values written by
	 * {@link #valueSerializer()}, so that one template publishes messages as JSON and dead letters as their
	 * original bytes. Every other setting (servers, security, transaction id prefix) stays as Spring Boot builds it
	 * from {@code spring.kafka.*}.
	 */
	public static DefaultKafkaProducerFactoryCustomizer producerCustomizer() {
		return Json::useJsonValues;
	}

	@SuppressWarnings("unchecked")
	private static <K, V> void useJsonValues(DefaultKafkaProducerFactory<K, V> factory) {
		factory.setKeySerializer((Serializer<K>) new StringSerializer());
		factory.setValueSerializer((Serializer<V>) valueSerializer());
	}

}
