package dev.wordfleet.protocol;

/**
 * A record that was read but breaks the message contract. It is sent to the dead-letter topic without retries.
 */
public class InvalidMessageException extends RuntimeException {

	public InvalidMessageException(String message) {
		super(message);
	}

}
