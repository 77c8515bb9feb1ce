package dev.wordfleet.worker.fetch;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FetchSettingsTest {

	private static final FetchSettings DEFAULTS = FetchSettings.defaults();

	private static final Duration CONNECT = Duration.ofSeconds(5);

	private static final Duration TOTAL = Duration.ofSeconds(30);

	private static final DataSize CAP = DataSize.ofMegabytes(10);

	@Test
	void defaultConnectTimeoutIsFiveSeconds() {
		assertThat(DEFAULTS.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void defaultTotalTimeoutIsThirtySeconds() {
		assertThat(DEFAULTS.totalTimeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void defaultBodyCapIsTenMegabytes() {
		assertThat(DEFAULTS.maxBodySize()).isEqualTo(DataSize.ofMegabytes(10));
	}

	@Test
	void defaultBlocksPrivateNetworks() {
		assertThat(DEFAULTS.allowPrivateNetworks()).isFalse();
	}

	@Test
	void defaultUserAgentNamesWordfleet() {
		assertThat(DEFAULTS.userAgent()).isEqualTo("wordfleet/0.1");
	}

	@Test
	void defaultFollowsFiveRedirects() {
		assertThat(DEFAULTS.maxRedirects()).isEqualTo(5);
	}

	@Test
	void defaultAllowsOnlyHttpAndHttpsPorts() {
		assertThat(DEFAULTS.allowedPorts()).containsExactlyInAnyOrder(80, 443);
		assertThat(DEFAULTS.allowsPort(80)).isTrue();
		assertThat(DEFAULTS.allowsPort(443)).isTrue();
		assertThat(DEFAULTS.allowsPort(8080)).isFalse();
		assertThat(DEFAULTS.allowsPort(22)).isFalse();
	}

	@Test
	void configuredPortsAreAllowed() {
		FetchSettings settings = DEFAULTS.withAllowedPorts(Set.of(8080, 8443));

		assertThat(settings.allowsPort(8080)).isTrue();
		assertThat(settings.allowsPort(8443)).isTrue();
		assertThat(settings.allowsPort(80)).isFalse();
	}

	@Test
	void privateNetworksAllowAnyPortButReservedOnes() {
		FetchSettings settings = DEFAULTS.withAllowPrivateNetworks(true);

		assertThat(settings.allowsPort(18080)).isTrue();
		assertThat(settings.allowsPort(65535)).isTrue();
		assertThat(settings.allowsPort(25)).isFalse();
		assertThat(settings.allowsPort(6000)).isFalse();
	}

	@Test
	void rejectsPortsOutOfRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withAllowedPorts(Set.of(0)))
			.withMessageContaining("ports from 1 to 65535");
		assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.withAllowedPorts(Set.of(65536)));
	}

	@Test
	void rejectsZeroConnectTimeout() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> settings(Duration.ZERO, TOTAL, CAP, "agent", 5))
				.withMessageContaining("connectTimeout").withMessageContaining("PT0S");
	}

	@Test
	void rejectsSubMillisecondTotalTimeout() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> settings(CONNECT, Duration.ofNanos(1), CAP, "agent", 5))
				.withMessageContaining("totalTimeout");
	}

	@Test
	void rejectsZeroBodyCap() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> settings(CONNECT, TOTAL, DataSize.ofBytes(0), "agent", 5))
				.withMessageContaining("maxBodySize");
	}

	@Test
	void rejectsBodyCapAboveArraySize() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> settings(CONNECT, TOTAL, DataSize.ofGigabytes(4), "agent", 5))
				.withMessageContaining("maxBodySize");
	}

	@Test
	void rejectsBlankUserAgent() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> settings(CONNECT, TOTAL, CAP, " ", 5))
				.withMessageContaining("userAgent");
	}

	@Test
	void rejectsNegativeRedirectLimit() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> settings(CONNECT, TOTAL, CAP, "agent", -1))
				.withMessageContaining("maxRedirects").withMessageContaining("-1");
	}

	@Test
	void withAllowPrivateNetworksKeepsOtherSettings() {
		FetchSettings permissive = DEFAULTS.withAllowPrivateNetworks(true);

		assertThat(permissive).isEqualTo(new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(30),
				DataSize.ofMegabytes(10), true, "wordfleet/0.1", 5));
	}

	private static FetchSettings settings(Duration connectTimeout, Duration totalTimeout, DataSize maxBodySize,
			String userAgent, int maxRedirects) {
		return new FetchSettings(connectTimeout, totalTimeout, maxBodySize, false, userAgent, maxRedirects);
	}

}
