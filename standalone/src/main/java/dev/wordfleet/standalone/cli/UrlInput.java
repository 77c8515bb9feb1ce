package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.wordfleet.producer.batch.InvalidUrlListException;
import dev.wordfleet.producer.batch.UrlList;

/**
 * Reads a batch's URLs from a file, or from standard input when the name is {@code -} or missing.
 */
final class UrlInput {

	/** Set by the {@code wordfleet} launcher script to {@code true} when standard input is a terminal. */
	static final String STDIN_IS_TERMINAL_VARIABLE = "WORDFLEET_STDIN_IS_TERMINAL";

	private UrlInput() {
	}

	/**
	 * Reads and validates the URLs, one per line.
	 * @throws InvalidInputException when the file cannot be read, or has no URL or invalid lines, naming the file
	 * @throws InvalidUrlListException naming each invalid line of standard input
	 */
	static List<String> read(@Nullable String file, PrintWriter err) {
		if (file == null || file.equals("-")) {
			if ("true".equals(System.getenv(STDIN_IS_TERMINAL_VARIABLE))) {
				err.println("Reading URLs from standard input, one per line; end with Ctrl-D.");
				err.flush();
			}
			return UrlList.fromLines(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		}
		Path path = Path.of(file);
		// Messages name the file without "." and ".." segments, which a path relative to another folder may have.
		Path absolutePath = path.toAbsolutePath().normalize();
		if (Files.isDirectory(path)) {
			throw new InvalidInputException("URL file " + absolutePath
					+ " is a directory; give a file with one URL per line, or - to read standard input");
		}
		try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			return UrlList.fromLines(reader);
		}
		catch (InvalidUrlListException ex) {
			if (ex.problems().isEmpty()) {
				throw new InvalidInputException("URL file " + absolutePath
						+ " has no URL: give at least one http or https URL, one per line");
			}
			throw new InvalidInputException("URL file " + absolutePath + ": " + ex.getMessage());
		}
		catch (NoSuchFileException ex) {
			throw new InvalidInputException("URL file not found: " + absolutePath
					+ "; give a file with one URL per line, or - to read standard input");
		}
		catch (IOException ex) {
			throw new InvalidInputException("failed to read URL file " + absolutePath + ": " + ex);
		}
		catch (UncheckedIOException ex) {
			throw new InvalidInputException("failed to read URL file " + absolutePath + ": " + ex.getCause());
		}
	}

}
