package dev.wordfleet.worker.job;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The events that one class's logger emits during each test, in order. Register it as a field with
 * {@code @RegisterExtension}.
 */
final class LoggedEvents implements BeforeEachCallback, AfterEachCallback {

	private final Logger logger;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	LoggedEvents(Class<?> source) {
		this.logger = (Logger) LoggerFactory.getLogger(source);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.logger.detachAppender(this.appender);
	}

	/** Returns the events logged so far in this test, the live list of the appender. */
	List<ILoggingEvent> list() {
		return this.appender.list;
	}

}
