package dev.wordfleet.worker.robots;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RobotsSettingsTest {

	private static final Duration TTL = Duration.ofHours(24);

	private static final Duration UNREACHABLE = Duration.ofMinutes(1);

	private static final DataSize SIZE = DataSize.ofKilobytes(500);

	@Test
	void defaultTokenIsWordfleet() {
		assertThat(RobotsSettings.defaults().productToken()).isEqualTo("wordfleet");
	}

	@Test
	void defaultTtlIsOneDay() {
		assertThat(RobotsSettings.defaults().cacheTtl()).isEqualTo(Duration.ofHours(24));
	}

	@Test
	void defaultUnreachableTtlIsOneMinute() {
		assertThat(RobotsSettings.defaults().unreachableTtl()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void defaultParseLimitIs500KiB() {
		assertThat(RobotsSettings.defaults().maxSize()).isEqualTo(DataSize.ofBytes(512_000));
	}

	@Test
	void invalidTokenRejected() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new RobotsSettings("wordfleet/0.1", TTL, UNREACHABLE, SIZE, 10))
				.withMessageContaining("but was 'wordfleet/0.1'");
	}

	@Test
	void zeroTtlRejected() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new RobotsSettings("wordfleet", Duration.ZERO, UNREACHABLE, SIZE, 10))
				.withMessageContaining("cacheTtl must be more than 0, but was PT0S");
	}

	@Test
	void zeroUnreachableTtlRejected() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new RobotsSettings("wordfleet", TTL, Duration.ZERO, SIZE, 10))
				.withMessageContaining("unreachableTtl must be more than 0, but was PT0S");
	}

	@Test
	void parseLimitBelow500KiBRejected() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new RobotsSettings("wordfleet", TTL, UNREACHABLE, DataSize.ofKilobytes(100), 10))
				.withMessageContaining("but was 102400B");
	}

	@Test
	void zeroOriginsRejected() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new RobotsSettings("wordfleet", TTL, UNREACHABLE, SIZE, 0))
				.withMessageContaining("maxOrigins must be 1 or more, but was 0");
	}

}
