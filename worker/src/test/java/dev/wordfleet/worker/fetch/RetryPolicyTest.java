package dev.wordfleet.worker.fetch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

import javax.net.ssl.SSLHandshakeException;

import dev.wordfleet.protocol.FailureKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryPolicyTest {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final String URL = "http://example.test/page";

	/** Draws the largest delay that the bound allows, so that tests can read the bound. */
	private static final RandomGenerator HIGHEST = new FixedDraw(true);

	/** Draws no delay at all. */
	private static final RandomGenerator LOWEST = new FixedDraw(false);

	private final RetryPolicy policy = new RetryPolicy(RetrySettings.defaults(), CLOCK, () -> HIGHEST);

	@ParameterizedTest(name = "status {0}")
	@ValueSource(ints = { 408, 425, 429, 500, 502, 503, 504 })
	void transientStatusIsRetried(int status) {
		RetryDecision decision = this.policy.decide(httpFailure(status, null), 1);

		assertThat(decision).isInstanceOf(RetryDecision.Retry.class);
		assertThat(decision.reason()).contains("HTTP status " + status);
	}

	@ParameterizedTest(name = "status {0}")
	@ValueSource(ints = { 301, 400, 401, 403, 404, 410, 451, 501, 505 })
	void permanentStatusIsNotRetried(int status) {
		FetchException failure = httpFailure(status, null);

		RetryDecision decision = this.policy.decide(failure, 1);

		assertThat(decision).isInstanceOf(RetryDecision.GiveUp.class);
		assertThat(((RetryDecision.GiveUp) decision).message()).isEqualTo(failure.getMessage());
	}

	@Test
	void timeoutIsRetried() {
		FetchException failure = new FetchException(FailureKind.TIMEOUT, URL, "timed out", null);

		assertThat(this.policy.decide(failure, 1)).isInstanceOf(RetryDecision.Retry.class);
	}

	@Test
	void refusedConnectionIsRetried() {
		FetchException failure = connectionFailure(new ConnectException("Connection refused"));

		assertThat(this.policy.decide(failure, 1)).isInstanceOf(RetryDecision.Retry.class);
	}

	@Test
	void resetConnectionIsRetried() {
		FetchException failure = connectionFailure(new SocketException("Connection reset"));

		assertThat(this.policy.decide(failure, 1)).isInstanceOf(RetryDecision.Retry.class);
	}

	@Test
	void bodyEndedEarlyIsRetried() {
		FetchException failure = connectionFailure(new ProtocolException("unexpected end of stream"));

		assertThat(this.policy.decide(failure, 1)).isInstanceOf(RetryDecision.Retry.class);
	}

	@Test
	void unknownHostIsNotRetried() {
		FetchException failure = connectionFailure(new UnknownHostException("missing.test"));

		assertThat(this.policy.decide(failure, 1)).isInstanceOf(RetryDecision.GiveUp.class);
	}

	@Test
	void nestedUnknownHostIsNotRetried() {
		FetchException failure = connectionFailure(new IOException("lookup", new UnknownHostException("x.test")));

		assertThat(this.policy.decide(failure, 1)).isInstanceOf(RetryDecision.GiveUp.class);
	}

	@Test
	void failedTlsHandshakeIsNotRetried() {
		FetchException failure = connectionFailure(new SSLHandshakeException("certificate expired"));

		assertThat(this.policy.decide(failure, 1)).isInstanceOf(RetryDecision.GiveUp.class);
	}

	@Test
	void cancelledFetchIsNotRetried() {
		RetryDecision decision = this.policy.decide(new FetchCancelledException(URL), 1);

		assertThat(decision).isInstanceOf(RetryDecision.GiveUp.class);
		assertThat(decision.reason()).contains("cancelled");
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(value = FailureKind.class, names = { "INVALID_URL", "BLOCKED", "TOO_LARGE",
			"UNSUPPORTED_CONTENT_TYPE", "DEADLINE", "INTERNAL" })
	void otherKindsAreNotRetried(FailureKind kind) {
		FetchException failure = new FetchException(kind, URL, "failed", null);

		assertThat(this.policy.decide(failure, 1)).isInstanceOf(RetryDecision.GiveUp.class);
	}

	@Test
	void lastAllowedRetryIsGranted() {
		RetryDecision decision = this.policy.decide(httpFailure(503, null), 3);

		assertThat(decision).isInstanceOf(RetryDecision.Retry.class);
		assertThat(((RetryDecision.Retry) decision).retry()).isEqualTo(3);
	}

	@Test
	void givesUpAfterMaxRetries() {
		FetchException failure = httpFailure(503, null);

		RetryDecision decision = this.policy.decide(failure, 4);

		assertThat(decision).isInstanceOf(RetryDecision.GiveUp.class);
		assertThat(((RetryDecision.GiveUp) decision).message()).startsWith(failure.getMessage())
				.contains("gave up after 4 attempts");
	}

	@Test
	void zeroRetriesNeverRetries() {
		RetryPolicy noRetries = new RetryPolicy(new RetrySettings(0, Duration.ofMillis(500), Duration.ofSeconds(30),
				Duration.ofSeconds(60)), CLOCK, () -> HIGHEST);

		RetryDecision decision = noRetries.decide(httpFailure(503, null), 1);

		assertThat(decision).isInstanceOf(RetryDecision.GiveUp.class);
		assertThat(decision.reason()).isEqualTo("gave up after 1 attempt");
	}

	@Test
	void delayBoundDoublesPerRetry() {
		FetchException failure = httpFailure(500, null);

		assertThat(delayOf(this.policy.decide(failure, 1))).isEqualTo(Duration.ofMillis(500));
		assertThat(delayOf(this.policy.decide(failure, 2))).isEqualTo(Duration.ofMillis(1000));
		assertThat(delayOf(this.policy.decide(failure, 3))).isEqualTo(Duration.ofMillis(2000));
	}

	@Test
	void delayBoundStopsAtMaxDelay() {
		RetryPolicy many = new RetryPolicy(new RetrySettings(20, Duration.ofMillis(500), Duration.ofSeconds(30),
				Duration.ofSeconds(60)), CLOCK, () -> HIGHEST);

		assertThat(delayOf(many.decide(httpFailure(500, null), 7))).isEqualTo(Duration.ofSeconds(30));
		assertThat(delayOf(many.decide(httpFailure(500, null), 20))).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void lowestDrawIsNoDelay() {
		RetryPolicy lowest = new RetryPolicy(RetrySettings.defaults(), CLOCK, () -> LOWEST);

		assertThat(delayOf(lowest.decide(httpFailure(500, null), 3))).isEqualTo(Duration.ZERO);
	}

	@Test
	void jitteredDelaysSpreadWithinBound() {
		RetryPolicy jittered = new RetryPolicy(RetrySettings.defaults(), CLOCK);
		Set<Duration> delays = new HashSet<>();

		for (int i = 0; i < 200; i++) {
			delays.add(delayOf(jittered.decide(httpFailure(503, null), 3)));
		}

		assertThat(delays).allSatisfy((delay) -> assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(2)));
		assertThat(delays).hasSizeGreaterThan(50);
	}

	@Test
	void retryAfterSecondsAreHonoured() {
		RetryDecision decision = this.policy.decide(httpFailure(429, "7"), 1);

		assertThat(delayOf(decision)).isEqualTo(Duration.ofSeconds(7));
		assertThat(decision.reason()).contains("Retry-After");
	}

	@Test
	void retryAfterWithSpacesIsHonoured() {
		assertThat(delayOf(this.policy.decide(httpFailure(503, " 12 "), 1))).isEqualTo(Duration.ofSeconds(12));
	}

	@Test
	void retryAfterHttpDateIsHonoured() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atZone(ZoneOffset.UTC));

		assertThat(delayOf(this.policy.decide(httpFailure(503, date), 1))).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void retryAfterPastDateRetriesAtOnce() {
		RetryDecision decision = this.policy.decide(httpFailure(503, "Sun, 06 Nov 1994 08:49:37 GMT"), 1);

		assertThat(delayOf(decision)).isEqualTo(Duration.ZERO);
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "soon", "", "-5", "1.5", "5s", "0x10", "Sun, 32 Nov 2026 08:49:37 GMT",
			"2026-03-01T12:00:30Z" })
	void invalidRetryAfterFallsBackToBackoff(String retryAfter) {
		RetryDecision decision = this.policy.decide(httpFailure(503, retryAfter), 1);

		assertThat(delayOf(decision)).isEqualTo(Duration.ofMillis(500));
		assertThat(decision.reason()).contains("ignoring invalid Retry-After");
	}

	@Test
	void retryAfterAboveMaximumGivesUp() {
		FetchException failure = httpFailure(503, "120");

		RetryDecision decision = this.policy.decide(failure, 1);

		assertThat(decision).isInstanceOf(RetryDecision.GiveUp.class);
		assertThat(((RetryDecision.GiveUp) decision).message()).startsWith(failure.getMessage())
				.contains("requested a wait of 120 s", "maximum of 60 s");
	}

	@Test
	void retryAfterDateAboveMaximumGivesUp() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(3600).atZone(ZoneOffset.UTC));

		RetryDecision decision = this.policy.decide(httpFailure(503, date), 1);

		assertThat(decision).isInstanceOf(RetryDecision.GiveUp.class);
		assertThat(decision.reason()).contains("3600 s");
	}

	@Test
	void retryAfterAtMaximumIsHonoured() {
		assertThat(delayOf(this.policy.decide(httpFailure(503, "60"), 1))).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void hugeRetryAfterGivesUp() {
		RetryDecision decision = this.policy.decide(httpFailure(503, "99999999999999999999999999"), 1);

		assertThat(decision).isInstanceOf(RetryDecision.GiveUp.class);
		assertThat(decision.reason()).contains("longer than the maximum");
	}

	@Test
	void longGarbageIsCutInReason() {
		RetryDecision decision = this.policy.decide(httpFailure(503, "x".repeat(10_000)), 1);

		assertThat(decision.reason()).hasSizeLessThan(300);
	}

	@Test
	void retryAfterOnPermanentStatusIsIgnored() {
		assertThat(this.policy.decide(httpFailure(404, "5"), 1)).isInstanceOf(RetryDecision.GiveUp.class);
	}

	@Test
	void retryAfterStillCountsRetries() {
		assertThat(this.policy.decide(httpFailure(503, "1"), 4)).isInstanceOf(RetryDecision.GiveUp.class);
	}

	@Test
	void attemptBelowOneRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.policy.decide(httpFailure(503, null), 0))
				.withMessageContaining("attempt must be 1 or more, but was 0");
	}

	private static FetchException httpFailure(int status, String retryAfter) {
		return new FetchException(FailureKind.HTTP_STATUS, URL, "Fetch of " + URL + " failed: HTTP status " + status,
				null, status, retryAfter);
	}

	private static FetchException connectionFailure(IOException cause) {
		return new FetchException(FailureKind.CONNECTION, URL, "Fetch of " + URL + " failed: connection error", cause);
	}

	private static Duration delayOf(RetryDecision decision) {
		assertThat(decision).isInstanceOf(RetryDecision.Retry.class);
		return ((RetryDecision.Retry) decision).delay();
	}

	/** A generator whose bounded draws always return the highest or the lowest value. */
	private record FixedDraw(boolean highest) implements RandomGenerator {

		@Override
		public long nextLong() {
			return 0;
		}

		@Override
		public long nextLong(long bound) {
			return this.highest ? bound - 1 : 0;
		}

	}

}
