package dev.wordfleet.api;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the producer's and the aggregator's HTTP APIs, bound from {@code wordfleet.api.*}.
 *
 * @param token bearer token that every request except {@code /actuator/health/**} must carry as
 * {@code Authorization: Bearer <token>}; unset or blank leaves the API open
 * @param maxBodySize maximum size of a request body; a larger request is rejected with 413 before it is read
 * @param maxUrls maximum number of URLs in one batch submitted to the producer; a larger batch is rejected with 413
 */
@ConfigurationProperties("wordfleet.api")
public record ApiProperties(@Nullable String token, @DefaultValue("10MB") DataSize maxBodySize,
		@DefaultValue("100000") int maxUrls) {

	/** Property that sets {@link #token()}. */
	public static final String TOKEN_PROPERTY = "wordfleet.api.token";

	/** Property that sets {@link #maxBodySize()}. */
	public static final String MAX_BODY_SIZE_PROPERTY = "wordfleet.api.max-body-size";

	/** Property that sets {@link #maxUrls()}. */
	public static final String MAX_URLS_PROPERTY = "wordfleet.api.max-urls";

	public ApiProperties {
		if (maxBodySize.toBytes() < 1) {
			throw new IllegalArgumentException(MAX_BODY_SIZE_PROPERTY + " must be 1B or more, but was " + maxBodySize);
		}
		if (maxUrls < 1) {
			throw new IllegalArgumentException(MAX_URLS_PROPERTY + " must be 1 or more, but was " + maxUrls);
		}
		if (token != null && token.isBlank()) {
			token = null;
		}
	}

	/** Returns the defaults, as a role gets them with no {@code wordfleet.api.*} property set. */
	public static ApiProperties defaults() {
		return new ApiProperties(null, DataSize.ofMegabytes(10), 100_000);
	}

	/** Returns whether requests must carry the bearer token. */
	public boolean tokenRequired() {
		return this.token != null;
	}

}
