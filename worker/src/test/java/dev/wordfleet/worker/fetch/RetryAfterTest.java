package dev.wordfleet.worker.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'",
			Locale.US);

	@Test
	void deltaSecondsParsed() {
		assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
	}

	@Test
	void zeroDeltaMeansNoWait() {
		assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void deltaTooLongForLongIsHuge() {
		assertThat(RetryAfter.parse("1" + "0".repeat(30), NOW)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
	}

	@Test
	void imfFixdateParsed() {
		assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:01:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void rfc850DateParsed() {
		assertThat(RetryAfter.parse("Sunday, 01-Mar-26 12:00:45 GMT", NOW)).isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void asctimeDateParsed() {
		assertThat(RetryAfter.parse("Sun Mar  1 12:00:10 2026", NOW)).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void asctimeTwoDigitDayParsed() {
		assertThat(RetryAfter.parse("Wed Mar 11 12:00:00 2026", NOW)).isEqualTo(Duration.ofDays(10));
	}

	@Test
	void pastDateMeansNoWait() {
		assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void twoDigitYearWithinFiftyYearsIsFuture() {
		ZonedDateTime future = ZonedDateTime.of(2070, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

		Duration wait = RetryAfter.parse(RFC_850.format(future), NOW);

		assertThat(wait).isEqualTo(Duration.between(NOW, future.toInstant()));
	}

	@Test
	void twoDigitYearBeyondFiftyYearsIsPast() {
		// "80" is read as 1980, not 2080. The weekday is 1980's, so a reading as 2080 would not parse.
		ZonedDateTime past = ZonedDateTime.of(1980, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

		assertThat(RetryAfter.parse(RFC_850.format(past), NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void garbageIsRejected() {
		assertThat(RetryAfter.parse("tomorrow", NOW)).isNull();
	}

	@Test
	void negativeDeltaIsRejected() {
		assertThat(RetryAfter.parse("-1", NOW)).isNull();
	}

	@Test
	void fractionalDeltaIsRejected() {
		assertThat(RetryAfter.parse("2.5", NOW)).isNull();
	}

	@Test
	void isoTimestampIsRejected() {
		assertThat(RetryAfter.parse("2026-03-01T12:00:30Z", NOW)).isNull();
	}

	@Test
	void wrongWeekdayIsRejected() {
		assertThat(RetryAfter.parse("Mon, 01 Mar 2026 12:01:00 GMT", NOW)).isNull();
	}

}
