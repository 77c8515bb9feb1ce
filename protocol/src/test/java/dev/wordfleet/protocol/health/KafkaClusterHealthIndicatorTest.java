package dev.wordfleet.protocol.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Kafka health check against a real broker that runs and then stops, and against a closed port.
 */
class KafkaClusterHealthIndicatorTest {

	private static final KafkaHealthProperties PROPERTIES = new KafkaHealthProperties(Duration.ofSeconds(2),
			Duration.ofSeconds(5));

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

	@Test
	void downAfterBrokerStopsAndCacheExpires() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.afterPropertiesSet();
		String address = broker.getBrokersAsString();
		try (KafkaClusterHealthIndicator indicator = indicator(address)) {
			Health running = indicator.health();
			assertThat(running.getStatus()).isEqualTo(Status.UP);
			assertThat(running.getDetails()).containsEntry("nodes", 1).containsKey("clusterId");

			broker.destroy();

			assertThat(indicator.health().getStatus()).as("within the cache's time to live").isEqualTo(Status.UP);
			this.clock.advance(PROPERTIES.cacheTtl());
			Health stopped = indicator.health();
			assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
			assertThat(stopped.getDetails()).containsEntry("bootstrapServers", address);
		}
		finally {
			broker.destroy();
		}
	}

	@Test
	void downForClosedPort() throws IOException {
		String address = "127.0.0.1:" + closedPort();
		try (KafkaClusterHealthIndicator indicator = indicator(address)) {
			Health health = indicator.health();

			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("bootstrapServers", address).containsKey("error");
		}
	}

	@Test
	void downForUnresolvableServer() {
		try (KafkaClusterHealthIndicator indicator = indicator("no-such-host.invalid:9092")) {
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		}
	}

	@Test
	void zeroTimeoutRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KafkaHealthProperties(Duration.ZERO, Duration.ofSeconds(5)))
			.withMessage("wordfleet.health.kafka.timeout must be positive, but was PT0S");
	}

	@Test
	void negativeCacheTtlRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KafkaHealthProperties(Duration.ofSeconds(2), Duration.ofSeconds(-1)))
			.withMessage("wordfleet.health.kafka.cache-ttl must be 0 or more, but was PT-1S");
	}

	private KafkaClusterHealthIndicator indicator(String bootstrapServers) {
		return new KafkaClusterHealthIndicator(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
				PROPERTIES, this.clock);
	}

	/** Returns a loopback port that was free a moment ago, and on which nothing listens now. */
	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** A clock that tests move forward by hand. */
	private static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException("the test clock is always UTC");
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
