package dev.wordfleet.standalone.cli;

/**
 * A failure whose message states what went wrong and what to do next, such as an unreachable broker. The
 * command prints the message and exits with status 1.
 */
class CommandFailedException extends RuntimeException {

	CommandFailedException(String message) {
		super(message);
	}

	CommandFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
