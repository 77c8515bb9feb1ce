package dev.wordfleet.protocol;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class DurationsTest {

	@Test
	void wholeSecondsInSeconds() {
		assertThat(Durations.format(Duration.ofMinutes(1))).isEqualTo("60 s");
		assertThat(Durations.format(Duration.ofSeconds(1))).isEqualTo("1 s");
		assertThat(Durations.format(Duration.ZERO)).isEqualTo("0 s");
	}

	@Test
	void fractionsOfSecondsInMilliseconds() {
		assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250 ms");
		assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500 ms");
	}

	@Test
	void nanosecondsDropped() {
		assertThat(Durations.format(Duration.ofNanos(2_500_000))).isEqualTo("2 ms");
	}

	@Test
	void negativeDurations() {
		assertThat(Durations.format(Duration.ofMillis(-1500))).isEqualTo("-1500 ms");
		assertThat(Durations.format(Duration.ofSeconds(-3))).isEqualTo("-3 s");
	}

	@Test
	void extremeDurationsInSeconds() {
		assertThat(Durations.format(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE + " s");
		assertThat(Durations.format(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE + " s");
	}

	@Test
	void nullRejected() {
		assertThatNullPointerException().isThrownBy(() -> Durations.format(null)).withMessage("duration is missing");
	}

}
