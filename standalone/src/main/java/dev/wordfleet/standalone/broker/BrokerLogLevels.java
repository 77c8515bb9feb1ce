package dev.wordfleet.standalone.broker;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Lowers the broker's loggers to WARN, because at INFO a Kafka broker logs about a megabyte per run. Only loggers
 * without a configured level change, so {@code logging.level.kafka=INFO} (or a logback configuration) wins.
 */
final class BrokerLogLevels {

	/**
	 * Logger names of the broker: Kafka's Scala core, its Java modules (which include the clients in this process)
	 * and the partition state-change log.
	 */
	static final List<String> BROKER_LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger");

	private static final Logger logger = LoggerFactory.getLogger(BrokerLogLevels.class);

	private BrokerLogLevels() {
	}

	/**
	 * Sets each of {@link #BROKER_LOGGERS} to WARN unless it has a level of its own. A logging system that
	 * initializes after this call (for example Spring Boot's, if the broker starts before the application) resets
	 * these levels.
	 */
	static void applyDefaults() {
		LoggingSystem loggingSystem;
		try {
			loggingSystem = LoggingSystem.get(BrokerLogLevels.class.getClassLoader());
		}
		catch (IllegalStateException ex) {
			logger.debug("No logging system found, so broker log levels stay as they are", ex);
			return;
		}
		for (String name : BROKER_LOGGERS) {
			LoggerConfiguration configuration = loggingSystem.getLoggerConfiguration(name);
			if (configuration == null || configuration.getConfiguredLevel() == null) {
				loggingSystem.setLogLevel(name, LogLevel.WARN);
			}
		}
	}

}
