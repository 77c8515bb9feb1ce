package dev.wordfleet.worker.politeness;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PolitenessSettingsTest {

	private static final Duration ZERO = Duration.ZERO;

	private static final Duration CRAWL = Duration.ofSeconds(30);

	private static final Duration WAIT = Duration.ofMinutes(5);

	@Test
	void defaultAllowsTwoPerHost() {
		assertThat(PolitenessSettings.defaults().maxInFlightPerHost()).isEqualTo(2);
	}

	@Test
	void defaultHasNoMinDelay() {
		assertThat(PolitenessSettings.defaults().minDelay()).isEqualTo(Duration.ZERO);
	}

	@Test
	void defaultCapsCrawlDelayAtThirtySeconds() {
		assertThat(PolitenessSettings.defaults().maxCrawlDelay()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void defaultHasNoGlobalRate() {
		assertThat(PolitenessSettings.defaults().maxRequestsPerSecond()).isZero();
	}

	@Test
	void defaultWaitsFiveMinutes() {
		assertThat(PolitenessSettings.defaults().maxWait()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void zeroPerHostRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PolitenessSettings(0, ZERO, CRAWL, 0, WAIT))
				.withMessageContaining("maxInFlightPerHost must be 1 or more, but was 0");
	}

	@Test
	void negativeMinDelayRejected() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new PolitenessSettings(2, Duration.ofMillis(-1), CRAWL, 0, WAIT))
				.withMessageContaining("minDelay must be 0 or more, but was PT-0.001S");
	}

	@Test
	void negativeMaxCrawlDelayRejected() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new PolitenessSettings(2, ZERO, Duration.ofSeconds(-1), 0, WAIT))
				.withMessageContaining("maxCrawlDelay must be 0 or more, but was PT-1S");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(doubles = { -1, Double.NaN, Double.POSITIVE_INFINITY, 2e9 })
	void invalidRateRejected(double rate) {
		assertThatIllegalArgumentException().isThrownBy(() -> new PolitenessSettings(2, ZERO, CRAWL, rate, WAIT))
				.withMessageContaining("maxRequestsPerSecond must be between 0 and 1.0E9, but was " + rate);
	}

	@Test
	void zeroMaxWaitRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PolitenessSettings(2, ZERO, CRAWL, 0, ZERO))
				.withMessageContaining("maxWait must be more than 0, but was PT0S");
	}

}
