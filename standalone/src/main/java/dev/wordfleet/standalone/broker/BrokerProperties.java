package dev.wordfleet.standalone.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.util.unit.DataSize;

/**
 * Builds the broker configuration of a {@link LocalKafkaBroker}: one node in combined mode (broker and controller),
 * a PLAINTEXT client listener, a CONTROLLER listener, and internal topics sized for a single node.
 */
final class BrokerProperties {

	/** Node id of the broker; the formatted data directory stores it, so it never changes. */
	static final int NODE_ID = 1;

	static final String CLIENT_LISTENER = "PLAINTEXT";

	static final String CONTROLLER_LISTENER = "CONTROLLER";

	/** Largest record batch the broker accepts; page counts of long pages exceed Kafka's 1 MiB default. */
	static final DataSize MAX_MESSAGE_SIZE = DataSize.ofMegabytes(16);

	/** Time after which closed log segments are deleted. */
	static final Duration RETENTION = Duration.ofDays(1);

	/** Size per partition after which the oldest closed segments are deleted. */
	static final DataSize RETENTION_SIZE = DataSize.ofGigabytes(1);

	/** Segment size; smaller than Kafka's 1 GiB default so that retention can delete data of small topics. */
	static final DataSize SEGMENT_SIZE = DataSize.ofMegabytes(64);

	/**
	 * Memory of the log cleaner, which compacts the consumer offsets topic; Kafka's default of 128 MiB is heap
	 * that a local broker with a handful of groups never needs.
	 */
	static final DataSize CLEANER_BUFFER_SIZE = DataSize.ofMegabytes(16);

	/** Partitions of each internal topic (consumer offsets, transaction state, share-group state). */
	static final int INTERNAL_TOPIC_PARTITIONS = 5;

	/** Wait of a new consumer group for more members before its first assignment, 3 s by Kafka's default. */
	static final Duration INITIAL_REBALANCE_DELAY = Duration.ofMillis(200);

	/** Keys that the node identity, listeners and directories define; overrides may not set them. */
	static final Set<String> RESERVED_KEYS = Set.of("process.roles", "node.id", "broker.id",
			"controller.quorum.voters", "controller.quorum.bootstrap.servers", "controller.listener.names",
			"listeners", "advertised.listeners", "listener.security.protocol.map", "inter.broker.listener.name",
			"log.dir", "log.dirs", "metadata.log.dir", "server.max.startup.time.ms");

	private BrokerProperties() {
	}

	/**
	 * Rejects overrides that set a reserved key or a null value.
	 * @throws IllegalArgumentException naming the first invalid key
	 */
	static void checkOverrides(Map<String, String> overrides) {
		for (Map.Entry<String, String> entry : overrides.entrySet()) {
			if (entry.getKey() == null || entry.getValue() == null) {
				throw new IllegalArgumentException(
						"overrides must not contain null keys or values, but contained " + entry);
			}
			if (RESERVED_KEYS.contains(entry.getKey())) {
				throw new IllegalArgumentException("Broker property '" + entry.getKey()
						+ "' cannot be overridden because the broker settings (host, ports, data directory) define it");
			}
		}
	}

	/**
	 * Returns the broker configuration.
	 * @param dataDir log and metadata directory
	 * @param host address of both listeners, as a host name or IP literal
	 * @param port client listener port, not 0
	 * @param controllerPort controller listener port, not 0
	 * @param startupTimeout time after which the server gives up waiting for its own start-up
	 * @param overrides extra properties, applied last
	 */
	static Map<String, String> build(Path dataDir, String host, int port, int controllerPort,
			Duration startupTimeout, Map<String, String> overrides) {
		String clientAddress = address(host, port);
		String controllerAddress = address(host, controllerPort);
		Map<String, String> properties = new LinkedHashMap<>();

		// One node that is both broker and controller. A static voter set, unlike a KIP-853 dynamic quorum, keeps
		// the controller address out of the formatted metadata, so a restart may use new ports.
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", String.valueOf(NODE_ID));
		properties.put("controller.quorum.voters", NODE_ID + "@" + controllerAddress);
		properties.put("controller.listener.names", CONTROLLER_LISTENER);
		properties.put("listeners",
				CLIENT_LISTENER + "://" + clientAddress + "," + CONTROLLER_LISTENER + "://" + controllerAddress);
		properties.put("advertised.listeners", CLIENT_LISTENER + "://" + clientAddress);
		properties.put("listener.security.protocol.map",
				CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
		properties.put("inter.broker.listener.name", CLIENT_LISTENER);
		properties.put("log.dirs", dataDir.toString());
		properties.put("server.max.startup.time.ms", String.valueOf(startupTimeout.toMillis()));

		// A single node can hold one replica only, including of the internal topics.
		properties.put("default.replication.factor", "1");
		properties.put("min.insync.replicas", "1");
		properties.put("offsets.topic.replication.factor", "1");
		properties.put("offsets.topic.num.partitions", String.valueOf(INTERNAL_TOPIC_PARTITIONS));
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		properties.put("transaction.state.log.num.partitions", String.valueOf(INTERNAL_TOPIC_PARTITIONS));
		properties.put("share.coordinator.state.topic.replication.factor", "1");
		properties.put("share.coordinator.state.topic.min.isr", "1");
		properties.put("share.coordinator.state.topic.num.partitions", String.valueOf(INTERNAL_TOPIC_PARTITIONS));

		// Topics and groups: the application declares its topics. A new group waits 200 ms for more members, and
		// 200 ms more whenever one joined during the last wait. So workers that start together share its first
		// assignment instead of rebalancing right after it, which takes up to two heartbeat intervals. The workers
		// of one process join about 15 ms apart.
		properties.put("num.partitions", "1");
		properties.put("auto.create.topics.enable", "false");
		properties.put("group.initial.rebalance.delay.ms", String.valueOf(INITIAL_REBALANCE_DELAY.toMillis()));

		// Sizes and retention of a local tool.
		properties.put("message.max.bytes", String.valueOf(MAX_MESSAGE_SIZE.toBytes()));
		properties.put("log.retention.ms", String.valueOf(RETENTION.toMillis()));
		properties.put("log.retention.bytes", String.valueOf(RETENTION_SIZE.toBytes()));
		properties.put("log.segment.bytes", String.valueOf(SEGMENT_SIZE.toBytes()));
		properties.put("log.cleaner.dedupe.buffer.size", String.valueOf(CLEANER_BUFFER_SIZE.toBytes()));

		properties.putAll(overrides);
		return properties;
	}

	/** Returns {@code host:port}, with an IPv6 literal in brackets as listener and bootstrap lists expect. */
	static String address(String host, int port) {
		boolean ipv6Literal = host.indexOf(':') >= 0 && !host.startsWith("[");
		return (ipv6Literal ? "[" + host + "]" : host) + ":" + port;
	}

}
