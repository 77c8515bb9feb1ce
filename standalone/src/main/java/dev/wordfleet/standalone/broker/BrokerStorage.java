package dev.wordfleet.standalone.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a broker's data directory: formats an empty one as a new single-node cluster, and reuses one that an
 * earlier broker formatted, so that its topics and records survive a restart.
 */
final class BrokerStorage {

	private static final Logger logger = LoggerFactory.getLogger(BrokerStorage.class);

	private BrokerStorage() {
	}

	/**
	 * Formats {@code dataDir} unless it is formatted already. The caller holds the directory's {@link DataDirLock}.
	 * @return the cluster id stored in the directory
	 * @throws BrokerStartException if the directory contains other files, belongs to another node id or cannot be
	 * read
	 */
	static String prepare(Path dataDir) {
		try {
			MetaPropertiesEnsemble ensemble = new MetaPropertiesEnsemble.Loader()
				.addLogDirs(List.of(dataDir.toString()))
				.addMetadataLogDir(dataDir.toString())
				.load();
			if (ensemble.errorLogDirs().contains(dataDir.toString())) {
				throw new BrokerStartException("Cannot read " + MetaPropertiesEnsemble.META_PROPERTIES_NAME
						+ " in data directory " + dataDir + "; check its permissions, or use another directory");
			}
			MetaProperties existing = ensemble.logDirProps().get(dataDir.toString());
			if (existing != null) {
				return reuse(dataDir, existing);
			}
			return format(dataDir);
		}
		catch (IOException ex) {
			throw new BrokerStartException("Cannot prepare data directory " + dataDir + ": " + ex.getMessage(), ex);
		}
	}

	private static String reuse(Path dataDir, MetaProperties existing) {
		OptionalInt nodeId = existing.nodeId();
		if (nodeId.isEmpty() || nodeId.getAsInt() != BrokerProperties.NODE_ID) {
			String stored = nodeId.isPresent() ? String.valueOf(nodeId.getAsInt()) : "(none)";
			throw new BrokerStartException("Data directory " + dataDir + " belongs to Kafka node " + stored
					+ ", not to node " + BrokerProperties.NODE_ID + " of a wordfleet broker; use another directory");
		}
		String clusterId = existing.clusterId()
			.orElseThrow(() -> new BrokerStartException("Data directory " + dataDir + " has no cluster id in "
					+ MetaPropertiesEnsemble.META_PROPERTIES_NAME + "; use another directory"));
		logger.info("Reusing data directory {} of cluster {}", dataDir, clusterId);
		return clusterId;
	}

	private static String format(Path dataDir) throws IOException {
		// Formatting writes several files into the directory, so files of anything else there are rejected.
		try (Stream<Path> entries = Files.list(dataDir)) {
			if (entries.anyMatch((entry) -> !entry.getFileName().toString().equals(DataDirLock.FILE_NAME))) {
				throw new BrokerStartException("Data directory " + dataDir
						+ " is neither empty nor formatted by a Kafka broker; use an empty or new directory");
			}
		}

		String clusterId = Uuid.randomUuid().toString();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		Formatter formatter = new Formatter()
			.setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
			.setNodeId(BrokerProperties.NODE_ID)
			.setClusterId(clusterId)
			.setDirectories(List.of(dataDir.toString()))
			.setMetadataLogDirectory(dataDir.toString())
			.setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
			.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
		try {
			formatter.run();
		}
		catch (Exception ex) {
			throw new BrokerStartException("Formatting data directory " + dataDir + " failed: " + ex.getMessage(), ex);
		}
		logger.debug("Formatted data directory {}: {}", dataDir, output.toString(StandardCharsets.UTF_8).strip());
		logger.info("Formatted data directory {} for new cluster {} at metadata version {}", dataDir, clusterId,
				MetadataVersion.LATEST_PRODUCTION);
		return clusterId;
	}

}
