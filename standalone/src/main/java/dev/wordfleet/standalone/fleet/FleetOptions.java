package dev.wordfleet.standalone.fleet;

import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The roles and settings of a local fleet.
 *
 * @param bootstrapServers Kafka servers to use, or {@code null} to start an embedded broker
 * @param dataDir data directory of the embedded broker, or {@code null} for a temporary one
 * @param workers number of workers, each a consumer group member with its own fetch slots
 * @param concurrency maximum fetches in flight per worker
 * @param properties further Spring properties for every role, such as {@code wordfleet.fetch.*}
 */
public record FleetOptions(@Nullable String bootstrapServers, @Nullable Path dataDir, int workers, int concurrency,
		Map<String, String> properties) {

	public FleetOptions {
		if (workers < 1) {
			throw new IllegalArgumentException("workers must be 1 or more, but was " + workers);
		}
		if (concurrency < 1) {
			throw new IllegalArgumentException("concurrency must be 1 or more, but was " + concurrency);
		}
		properties = Map.copyOf(properties);
	}

}
