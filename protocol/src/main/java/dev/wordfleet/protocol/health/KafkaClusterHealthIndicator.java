package dev.wordfleet.protocol.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.wordfleet.protocol.DeadLetters;

/**
 * Reports whether this role reaches its Kafka cluster: UP when the cluster describes itself (its id and brokers)
 * within {@link KafkaHealthProperties#timeout()}, DOWN otherwise. A result is reused for
 * {@link KafkaHealthProperties#cacheTtl()}, and probes that arrive during a check wait for its result, so the broker
 * gets at most one request per time to live. The one admin client is created at the first check, with the same
 * connection and security settings as the role's other Kafka clients.
 */
public final class KafkaClusterHealthIndicator implements HealthIndicator, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(KafkaClusterHealthIndicator.class);

	/** Extra wait beyond the request timeout for the admin client's own timer to fail the request. */
	private static final Duration RESULT_MARGIN = Duration.ofMillis(500);

	private final Map<String, Object> adminConfig;

	private final KafkaHealthProperties properties;

	private final Clock clock;

	private final ReentrantLock lock = new ReentrantLock();

	private @Nullable Admin admin;

	private @Nullable Checked last;

	/**
	 * @param adminConfig admin client settings, usually {@code KafkaAdmin#getConfigurationProperties()}, which
	 * Spring Boot builds from {@code spring.kafka.*}
	 * @param properties timeout and time to live of a result
	 * @param clock the clock that the time to live is measured with
	 */
	public KafkaClusterHealthIndicator(Map<String, Object> adminConfig, KafkaHealthProperties properties,
			Clock clock) {
		this.adminConfig = new HashMap<>(adminConfig);
		this.adminConfig.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "wordfleet-health");
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Health health() {
		this.lock.lock();
		try {
			Instant now = this.clock.instant();
			Checked cached = this.last;
			if (cached != null && now.isBefore(cached.at().plus(this.properties.cacheTtl()))) {
				return cached.health();
			}
			Health health = check();
			logChange(cached, health);
			this.last = new Checked(health, now);
			return health;
		}
		finally {
			this.lock.unlock();
		}
	}

	private Health check() {
		Duration timeout = this.properties.timeout();
		try {
			DescribeClusterResult cluster = admin()
				.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
			long waitMillis = timeout.plus(RESULT_MARGIN).toMillis();
			String clusterId = cluster.clusterId().get(waitMillis, TimeUnit.MILLISECONDS);
			Collection<Node> nodes = cluster.nodes().get(waitMillis, TimeUnit.MILLISECONDS);
			return Health.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes.size()).build();
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return down(cause);
		}
		catch (TimeoutException ex) {
			return down(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return down(ex);
		}
		catch (RuntimeException ex) {
			// Invalid client settings, such as a bootstrap address that cannot be resolved, fail here.
			return down(ex);
		}
	}

	private Health down(Throwable cause) {
		Object servers = this.adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
		return Health.down()
			.withDetail("bootstrapServers", String.valueOf(servers))
			.withDetail("error", DeadLetters.rootMessage(cause))
			.build();
	}

	/** Logs when the cluster becomes unreachable or reachable again, once per change and not on every probe. */
	private void logChange(@Nullable Checked previous, Health current) {
		Status before = (previous != null) ? previous.health().getStatus() : Status.UP;
		if (before.equals(current.getStatus())) {
			return;
		}
		if (Status.UP.equals(current.getStatus())) {
			logger.info("Kafka cluster reachable again: {}", current.getDetails());
		}
		else {
			logger.warn("Kafka cluster at {} is unreachable, so readiness reports DOWN until it responds: {}",
					current.getDetails().get("bootstrapServers"), current.getDetails().get("error"));
		}
	}

	private Admin admin() {
		if (this.admin == null) {
			this.admin = Admin.create(this.adminConfig);
		}
		return this.admin;
	}

	/** Closes the admin client, waiting at most the check's timeout for requests in flight. */
	@Override
	public void close() {
		this.lock.lock();
		try {
			if (this.admin != null) {
				this.admin.close(this.properties.timeout());
				this.admin = null;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A check's result and when it was made. */
	private record Checked(Health health, Instant at) {
	}

}
