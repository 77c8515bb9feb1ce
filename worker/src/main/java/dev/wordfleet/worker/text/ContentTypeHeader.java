package dev.wordfleet.worker.text;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The parts of a {@code Content-Type} value that the word policy reads.
 *
 * @param mediaType the media type without parameters, trimmed and lowercased, for example {@code text/html}
 * @param charset the value of the {@code charset} parameter without quotes, or {@code null} when there is none;
 * it may name a charset that does not exist
 */
record ContentTypeHeader(String mediaType, @Nullable String charset) {

	/**
	 * Parses a {@code Content-Type} value such as {@code text/html; charset="UTF-8"}.
	 * @param value the header value, or {@code null} when the header is absent
	 * @return the parsed value, or {@code null} when the value is absent or has no media type, so the body is sniffed
	 */
	static @Nullable ContentTypeHeader parse(@Nullable String value) {
		if (value == null) {
			return null;
		}
		int semicolon = value.indexOf(';');
		String mediaType = ((semicolon < 0) ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
		if (mediaType.isEmpty()) {
			return null;
		}
		String charset = (semicolon < 0) ? null : charsetParameter(value.substring(semicolon + 1));
		return new ContentTypeHeader(mediaType, charset);
	}

	/**
	 * Finds the first {@code charset} parameter in a list of {@code name=value} parameters separated by semicolons,
	 * such as the parameters of a {@code Content-Type} value or the {@code content} attribute of
	 * {@code <meta http-equiv="Content-Type">} (where a media type may come first).
	 * @param parameters the parameters
	 * @return the parameter value, stripped of white space and quotes, or {@code null} when there is none
	 */
	static @Nullable String charsetParameter(String parameters) {
		for (String parameter : parameters.split(";")) {
			int equals = parameter.indexOf('=');
			if (equals < 0 || !parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
				continue;
			}
			String charset = unquote(parameter.substring(equals + 1).strip());
			return charset.isEmpty() ? null : charset;
		}
		return null;
	}

	private static String unquote(String value) {
		if (value.length() >= 2) {
			char first = value.charAt(0);
			if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
				return value.substring(1, value.length() - 1).strip();
			}
		}
		return value;
	}

}
