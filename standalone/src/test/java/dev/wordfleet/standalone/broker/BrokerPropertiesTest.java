package dev.wordfleet.standalone.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerPropertiesTest {

	@Test
	void listenersUseHostAndPorts() {
		Map<String, String> properties = build(Map.of());

		assertThat(properties).containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
		assertThat(properties).containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092");
		assertThat(properties).containsEntry("controller.quorum.voters", "1@127.0.0.1:19093");
	}

	@Test
	void internalTopicsHaveOneReplica() {
		Map<String, String> properties = build(Map.of());

		assertThat(properties).containsEntry("offsets.topic.replication.factor", "1");
		assertThat(properties).containsEntry("transaction.state.log.replication.factor", "1");
		assertThat(properties).containsEntry("transaction.state.log.min.isr", "1");
		assertThat(properties).containsEntry("share.coordinator.state.topic.replication.factor", "1");
		assertThat(properties).containsEntry("share.coordinator.state.topic.min.isr", "1");
	}

	@Test
	void messageLimitIsSixteenMebibytes() {
		assertThat(build(Map.of())).containsEntry("message.max.bytes", "16777216");
	}

	@Test
	void overridesWinOverDefaults() {
		assertThat(build(Map.of("num.partitions", "6"))).containsEntry("num.partitions", "6");
	}

	@Test
	void ipv6HostIsBracketed() {
		assertThat(BrokerProperties.address("::1", 9092)).isEqualTo("[::1]:9092");
	}

	@Test
	void bracketedHostIsKept() {
		assertThat(BrokerProperties.address("[::1]", 9092)).isEqualTo("[::1]:9092");
	}

	private static Map<String, String> build(Map<String, String> overrides) {
		return BrokerProperties.build(Path.of("/tmp/data"), "127.0.0.1", 19092, 19093, Duration.ofSeconds(60),
				overrides);
	}

}
