package dev.wordfleet.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The form of a URL under which repeats are recognized: two URLs that differ only in the case of their scheme or
 * host, in an explicit default port ({@code :80} for http, {@code :443} for https), in an empty path versus
 * {@code /}, or in their fragment name the same page. Paths and queries are compared as written, because servers
 * may treat their case and encoding as significant.
 */
public final class NormalizedUrl {

	private NormalizedUrl() {
	}

	/**
	 * Returns the normalized form of a URL.
	 * @param url an absolute URL
	 * @return the URL with a lower-case scheme and host, no default port, a path of at least {@code /} and no
	 * fragment; the URL itself, without its fragment, when it cannot be parsed as a URI
	 */
	public static String of(String url) {
		Objects.requireNonNull(url, "url is missing");
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			int hash = url.indexOf('#');
			return (hash >= 0) ? url.substring(0, hash) : url;
		}
		String scheme = uri.getScheme();
		String host = uri.getRawAuthority();
		if (scheme == null || host == null || uri.getHost() == null) {
			return withoutFragment(uri);
		}
		scheme = scheme.toLowerCase(Locale.ROOT);

		StringBuilder normalized = new StringBuilder(url.length());
		normalized.append(scheme).append("://");
		if (uri.getRawUserInfo() != null) {
			normalized.append(uri.getRawUserInfo()).append('@');
		}
		normalized.append(uri.getHost().toLowerCase(Locale.ROOT));
		int port = uri.getPort();
		if (port != -1 && port != defaultPort(scheme)) {
			normalized.append(':').append(port);
		}

		String path = uri.getRawPath();
		normalized.append((path == null || path.isEmpty()) ? "/" : path);
		if (uri.getRawQuery() != null) {
			normalized.append('?').append(uri.getRawQuery());
		}
		return normalized.toString();
	}

	private static String withoutFragment(URI uri) {
		String text = uri.toString();
		int hash = text.indexOf('#');
		return (hash >= 0) ? text.substring(0, hash) : text;
	}

	private static int defaultPort(String scheme) {
		return switch (scheme) {
			case "http" -> 80;
			case "https" -> 443;
			default -> -1;
		};
	}

}
