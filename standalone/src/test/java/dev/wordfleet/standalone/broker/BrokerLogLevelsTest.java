package dev.wordfleet.standalone.broker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerLogLevelsTest {

	private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

	@AfterEach
	void restoreWarn() {
		for (String name : BrokerLogLevels.BROKER_LOGGERS) {
			this.loggingSystem.setLogLevel(name, LogLevel.WARN);
		}
	}

	@Test
	void unconfiguredLoggerBecomesWarn() {
		this.loggingSystem.setLogLevel("kafka", null);

		BrokerLogLevels.applyDefaults();

		assertThat(configuredLevel("kafka")).isEqualTo(LogLevel.WARN);
	}

	@Test
	void configuredLevelIsKept() {
		this.loggingSystem.setLogLevel("org.apache.kafka", LogLevel.INFO);

		BrokerLogLevels.applyDefaults();

		assertThat(configuredLevel("org.apache.kafka")).isEqualTo(LogLevel.INFO);
	}

	private LogLevel configuredLevel(String name) {
		return this.loggingSystem.getLoggerConfiguration(name).getConfiguredLevel();
	}

}
