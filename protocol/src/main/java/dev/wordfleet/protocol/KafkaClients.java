package dev.wordfleet.protocol;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ConsumerPostProcessor;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Kafka client factories that a role builds beside the ones Spring Boot configures from {@code spring.kafka.*}.
 */
public final class KafkaClients {

	private KafkaClients() {
	}

	/**
	 * Creates a consumer factory with other deserializers and a few settings changed, and everything else taken from
	 * the given factory. The copy keeps its configuration (servers, security, SASL and TLS settings, group and
	 * isolation level), its listeners and its post-processors. Among the listeners is the Micrometer listener that
	 * Spring Boot adds, so that every consumer exports the Kafka client metrics.
	 * @param base the factory to copy, usually the one Spring Boot configures
	 * @param name name of the new factory, part of the {@code spring.id} tag of its consumers' metrics
	 * @param overrides settings that replace or add to those of {@code base}; a {@code null} value removes the
	 * setting
	 */
	public static <K, V> ConsumerFactory<K, V> consumerFactory(ConsumerFactory<?, ?> base, String name,
			Map<String, ? extends @Nullable Object> overrides, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
		Map<String, Object> config = new HashMap<>(base.getConfigurationProperties());
		overrides.forEach((key, value) -> {
			if (value == null) {
				config.remove(key);
			}
			else {
				config.put(key, value);
			}
		});
		DefaultKafkaConsumerFactory<K, V> factory = new DefaultKafkaConsumerFactory<>(config, keyDeserializer,
				valueDeserializer);
		factory.setBeanName(name);
		copyListeners(base, factory);
		return factory;
	}

	/**
	 * Adds the listeners and post-processors of one factory to another. Both only see {@code Consumer} objects and
	 * never a record's key or value, so the unchecked casts are safe.
	 */
	@SuppressWarnings("unchecked")
	private static <K, V> void copyListeners(ConsumerFactory<?, ?> from, ConsumerFactory<K, V> to) {
		for (ConsumerFactory.Listener<?, ?> listener : from.getListeners()) {
			to.addListener((ConsumerFactory.Listener<K, V>) listener);
		}
		for (ConsumerPostProcessor<?, ?> postProcessor : from.getPostProcessors()) {
			to.addPostProcessor((ConsumerPostProcessor<K, V>) postProcessor);
		}
	}

}
