package dev.wordfleet.worker.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Parses a {@code Retry-After} header (RFC 9110, section 10.2.3): delta-seconds, or an HTTP-date in any of the three
 * formats that section 5.6.7 requires recipients to accept.
 */
final class RetryAfter {

	private static final Pattern DELTA_SECONDS = Pattern.compile("\\d+");

	/** Digits that always fit in a {@code long}; a longer delta is treated as the largest possible wait. */
	private static final int MAX_SAFE_DIGITS = 18;

	/** IMF-fixdate, the preferred format: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
	private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.RFC_1123_DATE_TIME;

	/** asctime: {@code Sun Nov  6 08:49:37 1994}, with the day of month padded by a space. */
	private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
			Locale.US);

	private RetryAfter() {
	}

	/**
	 * Returns the wait that a {@code Retry-After} value requests.
	 * @param value raw header value
	 * @param now current time, to which an HTTP-date is compared
	 * @return the wait, {@link Duration#ZERO} for a date in the past, a very long duration for a delta too large for
	 * a {@code long}, or {@code null} if the value is neither delta-seconds nor an HTTP-date
	 */
	static @Nullable Duration parse(String value, Instant now) {
		String trimmed = value.trim();
		if (DELTA_SECONDS.matcher(trimmed).matches()) {
			if (trimmed.length() > MAX_SAFE_DIGITS) {
				return Duration.ofSeconds(Long.MAX_VALUE);
			}
			return Duration.ofSeconds(Long.parseLong(trimmed));
		}
		Instant date = parseHttpDate(trimmed, now);
		if (date == null) {
			return null;
		}
		Duration wait = Duration.between(now, date);
		return wait.isNegative() ? Duration.ZERO : wait;
	}

	private static @Nullable Instant parseHttpDate(String value, Instant now) {
		for (DateTimeFormatter format : List.of(IMF_FIXDATE, rfc850(now), ASCTIME)) {
			try {
				if (format == ASCTIME) {
					return LocalDateTime.parse(value, format).toInstant(ZoneOffset.UTC);
				}
				return ZonedDateTime.parse(value, format).toInstant();
			}
			catch (DateTimeParseException ex) {
				// Try the next format.
			}
		}
		return null;
	}

	/**
	 * Returns the obsolete RFC 850 format, {@code Sunday, 06-Nov-94 08:49:37 GMT}. Its two-digit year is read as the
	 * latest year with those digits that is at most 50 years after {@code now}, as RFC 9110 requires.
	 */
	private static DateTimeFormatter rfc850(Instant now) {
		int baseYear = now.atZone(ZoneOffset.UTC).getYear() + 50 - 99;
		return new DateTimeFormatterBuilder()
				.parseCaseInsensitive()
				.appendPattern("EEEE, dd-MMM-")
				.appendValueReduced(ChronoField.YEAR, 2, 2, baseYear)
				.appendPattern(" HH:mm:ss 'GMT'")
				.toFormatter(Locale.US)
				.withZone(ZoneOffset.UTC);
	}

}
