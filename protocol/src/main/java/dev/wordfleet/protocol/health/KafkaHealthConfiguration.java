package dev.wordfleet.protocol.health;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Adds the {@code kafka} health contributor to a role. The role's defaults put it in the readiness group
 * ({@code management.endpoint.health.group.readiness.include}), so {@code /actuator/health/readiness} returns status
 * 503 while Kafka is unreachable. They leave it out of the liveness group, because a restart does not bring Kafka
 * back.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaHealthProperties.class)
public class KafkaHealthConfiguration {

	/** Creates the contributor, named {@code kafka} after this bean's name less its {@code HealthIndicator} suffix. */
	@Bean(destroyMethod = "close")
	KafkaClusterHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, KafkaHealthProperties properties) {
		return new KafkaClusterHealthIndicator(kafkaAdmin.getConfigurationProperties(), properties,
				Clock.systemUTC());
	}

}
