package dev.wordfleet.aggregator.batch;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PageRateTest {

	private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

	private final PageRate rate = new PageRate();

	@Test
	void nothingRecordedIsZero() {
		assertThat(this.rate.perSecond(START)).isZero();
	}

	@Test
	void firstSecondsDivideBySecondsPassed() {
		for (int i = 0; i < 6; i++) {
			this.rate.record(START.plusMillis(i * 500L));
		}

		assertThat(this.rate.perSecond(START.plusMillis(2500))).isEqualTo(2.0);
	}

	@Test
	void fullWindowDividesByWindow() {
		for (int second = 0; second < 30; second++) {
			this.rate.record(START.plusSeconds(second));
			this.rate.record(START.plusSeconds(second));
		}

		assertThat(this.rate.perSecond(START.plusSeconds(29))).isEqualTo(2.0);
	}

	@Test
	void outcomesOlderThanWindowDropOut() {
		for (int i = 0; i < 5; i++) {
			this.rate.record(START);
		}
		this.rate.record(START.plusSeconds(15));

		assertThat(this.rate.perSecond(START.plusSeconds(15))).isEqualTo(0.1);
	}

	@Test
	void roundsToTwoDecimals() {
		this.rate.record(START);
		this.rate.record(START.plusSeconds(2));

		assertThat(this.rate.perSecond(START.plusSeconds(2))).isEqualTo(0.67);
	}

}
