package dev.wordfleet.protocol.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Kafka health check, bound from {@code wordfleet.health.kafka.*}.
 *
 * @param timeout longest wait for the cluster to describe itself; a slower cluster counts as down
 * @param cacheTtl how long a result is reused before the cluster is checked again, so that frequent probes do not
 * reach the broker each time; 0 checks on every probe
 */
@ConfigurationProperties("wordfleet.health.kafka")
public record KafkaHealthProperties(@DefaultValue("2s") Duration timeout, @DefaultValue("5s") Duration cacheTtl) {

	public KafkaHealthProperties {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("wordfleet.health.kafka.timeout must be positive, but was " + timeout);
		}
		if (cacheTtl.isNegative()) {
			throw new IllegalArgumentException(
					"wordfleet.health.kafka.cache-ttl must be 0 or more, but was " + cacheTtl);
		}
	}

}
