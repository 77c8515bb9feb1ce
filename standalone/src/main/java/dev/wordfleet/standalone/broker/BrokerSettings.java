package dev.wordfleet.standalone.broker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link LocalKafkaBroker}.
 *
 * @param dataDir directory of the broker's logs and metadata, created if missing and formatted on first use. An
 * existing directory must be empty or formatted by an earlier broker. {@code null} makes a new temporary directory
 * that {@link LocalKafkaBroker#close()} deletes
 * @param host address the client and controller listeners bind to and advertise, {@code 127.0.0.1} by default.
 * {@link LocalKafkaBroker#start} rejects a wildcard address such as {@code 0.0.0.0}, because clients cannot connect
 * to it
 * @param port client (PLAINTEXT) listener port, or {@code 0} for a free port chosen at start
 * @param controllerPort KRaft controller listener port, or {@code 0} for a free port chosen at start
 * @param overrides extra broker properties, applied over the defaults. Keys that define the node identity, the
 * listeners, the directories and the start-up timeout are rejected, because these settings and
 * {@link LocalKafkaBroker#start(BrokerSettings, java.time.Duration)} control them
 */
public record BrokerSettings(@Nullable Path dataDir, String host, int port, int controllerPort,
		Map<String, String> overrides) {

	/** Default {@link #host()}: IPv4 loopback, so that nothing outside this machine can connect. */
	public static final String DEFAULT_HOST = "127.0.0.1";

	public BrokerSettings {
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException("host must not be blank, but was '" + host + "'");
		}
		checkPort("port", port);
		checkPort("controllerPort", controllerPort);
		if (port != 0 && port == controllerPort) {
			throw new IllegalArgumentException(
					"port and controllerPort must differ, but both were " + port);
		}
		if (overrides == null) {
			throw new IllegalArgumentException("overrides must not be null; use Map.of() for none");
		}
		BrokerProperties.checkOverrides(overrides);
		overrides = Map.copyOf(overrides);
	}

	/** Returns settings for a broker on free loopback ports with a temporary data directory. */
	public static BrokerSettings defaults() {
		return new BrokerSettings(null, DEFAULT_HOST, 0, 0, Map.of());
	}

	/** Returns a copy that keeps its data in {@code dataDir}, or in a temporary directory if it is {@code null}. */
	public BrokerSettings withDataDir(@Nullable Path dataDir) {
		return new BrokerSettings(dataDir, this.host, this.port, this.controllerPort, this.overrides);
	}

	/** Returns a copy whose client listener uses {@code port}, or a free port if it is {@code 0}. */
	public BrokerSettings withPort(int port) {
		return new BrokerSettings(this.dataDir, this.host, port, this.controllerPort, this.overrides);
	}

	/** Returns a copy with one more broker property override, replacing an earlier value for the same key. */
	public BrokerSettings withOverride(String key, String value) {
		Map<String, String> merged = new HashMap<>(this.overrides);
		merged.put(key, value);
		return new BrokerSettings(this.dataDir, this.host, this.port, this.controllerPort, merged);
	}

	private static void checkPort(String name, int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException(name + " must be between 0 and 65535, but was " + port);
		}
	}

}
