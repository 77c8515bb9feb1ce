package dev.wordfleet.worker.fetch;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetrySettingsTest {

	private static final Duration BASE = Duration.ofMillis(500);

	private static final Duration MAX = Duration.ofSeconds(30);

	private static final Duration RETRY_AFTER = Duration.ofSeconds(60);

	@Test
	void defaultRetriesThreeTimes() {
		assertThat(RetrySettings.defaults().maxRetries()).isEqualTo(3);
	}

	@Test
	void defaultBaseDelayIsHalfSecond() {
		assertThat(RetrySettings.defaults().baseDelay()).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void defaultMaxDelayIsThirtySeconds() {
		assertThat(RetrySettings.defaults().maxDelay()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void defaultMaxRetryAfterIsOneMinute() {
		assertThat(RetrySettings.defaults().maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void negativeRetriesRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetrySettings(-1, BASE, MAX, RETRY_AFTER))
				.withMessageContaining("maxRetries must be between 0 and 100, but was -1");
	}

	@Test
	void excessiveRetriesRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetrySettings(101, BASE, MAX, RETRY_AFTER))
				.withMessageContaining("but was 101");
	}

	@Test
	void subMillisecondBaseDelayRejected() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new RetrySettings(3, Duration.ofNanos(10), MAX, RETRY_AFTER))
				.withMessageContaining("baseDelay must be at least 1 ms, but was PT0.00000001S");
	}

	@Test
	void maxDelayBelowBaseRejected() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new RetrySettings(3, BASE, Duration.ofMillis(100), RETRY_AFTER))
				.withMessageContaining("maxDelay must be at least baseDelay (PT0.5S), but was PT0.1S");
	}

	@Test
	void negativeMaxRetryAfterRejected() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new RetrySettings(3, BASE, MAX, Duration.ofSeconds(-1)))
				.withMessageContaining("maxRetryAfter must be 0 or more, but was PT-1S");
	}

}
