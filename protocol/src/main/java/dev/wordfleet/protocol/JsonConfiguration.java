package dev.wordfleet.protocol;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Spring Boot's producer factory, and so its {@code KafkaTemplate}, write string keys and JSON values.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

	@Bean
	DefaultKafkaProducerFactoryCustomizer wordfleetJsonValues() {
		return Json.producerCustomizer();
	}

}
