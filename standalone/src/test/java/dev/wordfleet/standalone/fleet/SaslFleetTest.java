package dev.wordfleet.standalone.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.producer.batch.BatchOptions;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.WordCount;
import dev.wordfleet.protocol.health.KafkaClusterHealthIndicator;
import dev.wordfleet.protocol.health.KafkaHealthProperties;
import dev.wordfleet.worker.cancel.CancelledBatches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole fleet against a broker whose only client listener requires SASL/PLAIN and which creates no topic by
 * itself. A Kafka client that the roles create without the {@code spring.kafka.*} security settings cannot connect,
 * so each role's part of a batch checks that its clients got them: the admin client that creates the topics, the
 * producer's, the job consumers', the cancel listener's, the aggregator's, and the health check's.
 */
class SaslFleetTest {

	/** A user of the broker's JAAS configuration that the test kit writes: a super user. */
	private static final String JAAS_CONFIG = "org.apache.kafka.common.security.plain.PlainLoginModule required "
			+ "username=\"plain-admin\" password=\"plain-admin-secret\";";

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static KafkaClusterTestKit cluster;

	private static PageServer server;

	private static LocalFleet fleet;

	@BeforeAll
	static void startBrokerAndFleet() throws Exception {
		TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true)
			.setNumBrokerNodes(1)
			.setNumControllerNodes(1)
			.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
			.build();
		// The test kit adds an authorizer for SASL, which then rejects the controller's own PLAINTEXT listener.
		// Authentication is what this test needs, so no authorizer runs.
		cluster = new KafkaClusterTestKit.Builder(nodes).setConfigProp("authorizer.class.name", "")
			.setConfigProp("auto.create.topics.enable", "false")
			.setConfigProp("offsets.topic.replication.factor", "1")
			.setConfigProp("transaction.state.log.replication.factor", "1")
			.setConfigProp("transaction.state.log.min.isr", "1")
			.setConfigProp("group.initial.rebalance.delay.ms", "0")
			.build();
		cluster.format();
		cluster.startup();
		cluster.waitForReadyBrokers();

		server = PageServer.start();
		fleet = LocalFleet.start(new FleetOptions(cluster.bootstrapServers(), null, 1, 2,
				Map.of("spring.kafka.security.protocol", "SASL_PLAINTEXT", "spring.kafka.properties.sasl.mechanism",
						"PLAIN", "spring.kafka.properties.sasl.jaas.config", JAAS_CONFIG,
						"wordfleet.fetch.allow-private-networks", "true", "wordfleet.fetch.retry.max-retries", "0")));
	}

	@AfterAll
	static void stopFleetAndBroker() throws Exception {
		if (fleet != null) {
			fleet.close();
		}
		if (server != null) {
			server.close();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void clientWithoutSaslIsRejected() {
		Map<String, Object> plain = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
		try (KafkaClusterHealthIndicator indicator = new KafkaClusterHealthIndicator(plain,
				new KafkaHealthProperties(Duration.ofSeconds(2), Duration.ZERO), Clock.systemUTC())) {
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		}
	}

	@Test
	void batchCompletesOverSasl() {
		List<String> urls = List.of(server.page("one", "<html><body><p>kilo lima kilo</p></body></html>"),
				server.page("two", "<html><body><p>lima</p></body></html>"));

		String batchId = fleet.publisher().publish(urls, BatchOptions.defaults(), null).batchId();
		BatchProgress progress = await().atMost(WAIT)
			.until(() -> fleet.tracker().progress(batchId).orElse(null),
					(batch) -> batch != null && batch.status().isFinal());

		assertThat(progress.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(fleet.tracker().words(batchId, 0).orElseThrow()).containsExactly(new WordCount("kilo", 2),
				new WordCount("lima", 2));
	}

	@Test
	void cancelReachesWorkerOverSasl() {
		List<String> urls = List.of(server.failingPage("failing", Duration.ZERO));

		String batchId = fleet.publisher().publish(urls, BatchOptions.defaults(), null).batchId();

		CancelledBatches cancelled = fleet.bean(CancelledBatches.class);
		await().atMost(WAIT).until(() -> cancelled.isCancelled(batchId));
		assertThat(fleet.tracker().progress(batchId).orElseThrow().status()).isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void everyRoleReportsKafkaUp() {
		List<KafkaClusterHealthIndicator> indicators = fleet.beans(KafkaClusterHealthIndicator.class);

		assertThat(indicators).hasSize(3);
		assertThat(indicators).allSatisfy((indicator) -> assertThat(indicator.health().getStatus()).isEqualTo(Status.UP));
	}

}
