package dev.wordfleet.worker.text;

/**
 * Thrown when a response body is not text that the word policy reads: a media type other than HTML or plain text,
 * or a body without {@code Content-Type} that neither looks like HTML nor decodes as UTF-8.
 */
public class UnsupportedContentTypeException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String contentType;

	/**
	 * Creates the exception for a media type that is not read.
	 * @param contentType the media type without parameters, for example {@code image/png}
	 */
	public UnsupportedContentTypeException(String contentType) {
		this(contentType, "unsupported content type \"" + contentType + "\"");
	}

	/**
	 * Creates the exception with its own message.
	 * @param contentType the media type without parameters, or an empty string when the response had no
	 * {@code Content-Type}
	 * @param message the detail message
	 */
	public UnsupportedContentTypeException(String contentType, String message) {
		super(message);
		this.contentType = contentType;
	}

	/**
	 * Returns the rejected media type, lowercased and without parameters.
	 * @return the media type, or an empty string when the response had no {@code Content-Type}
	 */
	public String contentType() {
		return this.contentType;
	}

}
