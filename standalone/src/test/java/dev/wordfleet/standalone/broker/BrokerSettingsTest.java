package dev.wordfleet.standalone.broker;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BrokerSettingsTest {

	@Test
	void defaultsUseLoopbackAndFreePorts() {
		BrokerSettings settings = BrokerSettings.defaults();

		assertThat(settings.host()).isEqualTo("127.0.0.1");
		assertThat(settings.port()).isZero();
		assertThat(settings.controllerPort()).isZero();
		assertThat(settings.dataDir()).isNull();
		assertThat(settings.overrides()).isEmpty();
	}

	@Test
	void portOutOfRangeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> BrokerSettings.defaults().withPort(65536))
			.withMessageContaining("65536");
	}

	@Test
	void negativeControllerPortIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BrokerSettings(null, "127.0.0.1", 0, -1, Map.of()))
			.withMessageContaining("controllerPort")
			.withMessageContaining("-1");
	}

	@Test
	void equalFixedPortsAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BrokerSettings(null, "127.0.0.1", 9092, 9092, Map.of()))
			.withMessageContaining("9092");
	}

	@Test
	void blankHostIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BrokerSettings(null, " ", 0, 0, Map.of()));
	}

	@Test
	void reservedOverrideIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BrokerSettings.defaults().withOverride("listeners", "PLAINTEXT://:9092"))
			.withMessageContaining("listeners");
	}

	@Test
	void overrideReplacesEarlierValue() {
		BrokerSettings settings = BrokerSettings.defaults()
			.withOverride("num.partitions", "3")
			.withOverride("num.partitions", "6");

		assertThat(settings.overrides()).containsExactly(Map.entry("num.partitions", "6"));
	}

	@Test
	void withDataDirKeepsOtherSettings() {
		BrokerSettings settings = BrokerSettings.defaults().withPort(19092).withDataDir(Path.of("/tmp/data"));

		assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/data"));
		assertThat(settings.port()).isEqualTo(19092);
	}

}
