package dev.wordfleet.standalone.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Checks that a Kafka cluster responds before a command relies on it, so that a wrong address fails fast with a
 * message that names the next step, instead of a client retrying for a minute.
 */
final class BrokerCheck {

	/** Maximum wait for the cluster to respond. */
	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private BrokerCheck() {
	}

	/**
	 * @throws BrokerUnreachableException when no broker at the given servers responds within the timeout
	 */
	static void requireReachable(String bootstrapServers) {
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		try (Admin admin = Admin.create(config)) {
			admin.describeCluster().clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerUnreachableException(bootstrapServers, ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			throw new BrokerUnreachableException(bootstrapServers, ex);
		}
	}

	/** No Kafka broker responded at the given servers. */
	static class BrokerUnreachableException extends CommandFailedException {

		BrokerUnreachableException(String bootstrapServers, Throwable cause) {
			super("no Kafka broker responded at " + bootstrapServers + " within " + TIMEOUT.toSeconds()
					+ " s; start one with 'wordfleet broker', or pass --bootstrap-servers with the address of yours",
					cause);
		}

	}

}
