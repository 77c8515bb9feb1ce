package dev.wordfleet.producer.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Reads and validates the URLs of a batch. A valid URL is absolute, has the scheme {@code http} or {@code https} and
 * a host, and is at most {@value #MAX_URL_LENGTH} characters long. Validation is all or nothing: every invalid entry
 * is reported, and none is published.
 */
public final class UrlList {

	/** Maximum length of a URL in characters. */
	public static final int MAX_URL_LENGTH = 2048;

	/** Maximum length of an invalid entry quoted in an error message. */
	private static final int MAX_QUOTED_LENGTH = 120;

	private UrlList() {
	}

	/**
	 * Reads one URL per line. Leading and trailing white space is trimmed; blank lines and lines whose first
	 * non-blank character is {@code #} are skipped.
	 * @throws InvalidUrlListException naming each invalid line, or when no URL remains
	 */
	public static List<String> fromLines(Reader reader) {
		List<String> urls = new ArrayList<>();
		List<UrlProblem> problems = new ArrayList<>();
		try (BufferedReader lines = new BufferedReader(reader)) {
			int lineNumber = 0;
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				lineNumber++;
				String entry = line.strip();
				if (entry.isEmpty() || entry.startsWith("#")) {
					continue;
				}
				check(entry, lineNumber, urls, problems);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("failed to read the URL list", ex);
		}
		return validated(urls, problems, "line");
	}

	/**
	 * Reads the entries of a JSON array of URL strings, as {@code POST /batches} receives them.
	 * @throws InvalidUrlListException naming each invalid entry, counted from 1, or when the array is empty
	 */
	public static List<String> fromEntries(List<@Nullable String> entries) {
		List<String> urls = new ArrayList<>();
		List<UrlProblem> problems = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			String entry = entries.get(i);
			if (entry == null) {
				problems.add(new UrlProblem(i + 1, "null", "not a string"));
				continue;
			}
			check(entry.strip(), i + 1, urls, problems);
		}
		return validated(urls, problems, "entry");
	}

	/**
	 * Returns what is wrong with a URL, or {@code null} when it is valid.
	 */
	public static @Nullable String problemWith(String url) {
		if (url.length() > MAX_URL_LENGTH) {
			return "longer than " + MAX_URL_LENGTH + " characters (" + url.length() + ")";
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			if (!url.contains("://")) {
				return "not a valid URL: it has no scheme; write it with http:// or https://";
			}
			if (ex.getReason().startsWith("Expected authority")) {
				return "no host name after \"://\": write it like https://example.com/page";
			}
			return "not a valid URL: " + ex.getReason() + " at index " + ex.getIndex()
					+ "; fix or percent-encode the character there (a space as %20)";
		}
		if (!uri.isAbsolute()) {
			return "not an absolute URL: it needs a scheme such as https://";
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			return "unsupported scheme \"" + uri.getScheme() + "\": only http and https are fetched";
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			return "no host name: write it like https://example.com/page";
		}
		return null;
	}

	private static void check(String entry, int position, List<String> urls, List<UrlProblem> problems) {
		String problem = problemWith(entry);
		if (problem == null) {
			urls.add(entry);
		}
		else {
			problems.add(new UrlProblem(position, quote(entry), problem));
		}
	}

	private static List<String> validated(List<String> urls, List<UrlProblem> problems, String positionName) {
		if (!problems.isEmpty()) {
			throw new InvalidUrlListException(problems, positionName);
		}
		if (urls.isEmpty()) {
			throw InvalidUrlListException.empty();
		}
		return List.copyOf(urls);
	}

	private static String quote(String entry) {
		return (entry.length() <= MAX_QUOTED_LENGTH) ? entry : entry.substring(0, MAX_QUOTED_LENGTH) + "...";
	}

}
