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
	 * Waits up to 15 s for the cluster to respond.
	 * @param bootstrapServers the cluster's address
	 * @param nextStep what the user can do when no broker responds, for the error message
	 * @throws BrokerUnreachableException when no broker at the given servers responds within the timeout
	 */
	static void requireReachable(String bootstrapServers, String nextStep) {
		requireReachable(bootstrapServers, nextStep, TIMEOUT);
	}

	static void requireReachable(String bootstrapServers, String nextStep, Duration timeout) {
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		try (Admin admin = Admin.create(config)) {
			admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerUnreachableException(bootstrapServers, timeout, nextStep, ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			throw new BrokerUnreachableException(bootstrapServers, timeout, nextStep, ex);
		}
	}

	/** No Kafka broker responded at the given servers. */
	static class BrokerUnreachableException extends CommandFailedException {

		BrokerUnreachableException(String bootstrapServers, Duration timeout, String nextStep, Throwable cause) {
			super("no Kafka broker responded at " + bootstrapServers + " within " + timeout.toSeconds() + " s; "
					+ nextStep, cause);
		}

	}

}
