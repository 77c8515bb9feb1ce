package dev.wordfleet.standalone.cli;

/**
 * Input that the command cannot use, such as a missing file. The command exits with status 2.
 */
public class InvalidInputException extends RuntimeException {

	public InvalidInputException(String message) {
		super(message);
	}

}
