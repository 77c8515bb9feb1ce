package dev.wordfleet.standalone.broker;

/**
 * Thrown when a {@link LocalKafkaBroker} cannot start: its data directory is unusable, a fixed port is taken, or the
 * broker did not accept client connections in time. The message names the cause and the setting to change.
 */
public class BrokerStartException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public BrokerStartException(String message) {
		super(message);
	}

	public BrokerStartException(String message, Throwable cause) {
		super(message, cause);
	}

}
