package dev.wordfleet.standalone.broker;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Start, restart and close of real brokers on loopback ports.
 */
class LocalKafkaBrokerTest {

	@TempDir
	Path tempDir;

	@Test
	void startsOnLoopbackAddress() {
		try (LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerSettings.defaults())) {
			assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
		}
	}

	@Test
	void restartKeepsTopicAndRecords() throws Exception {
		BrokerSettings settings = BrokerSettings.defaults().withDataDir(this.tempDir.resolve("data"));
		try (LocalKafkaBroker broker = LocalKafkaBroker.start(settings)) {
			KafkaTestClients.createTopic(broker.bootstrapServers(), "kept");
			KafkaTestClients.produce(broker.bootstrapServers(), "kept", "before restart");
		}

		try (LocalKafkaBroker broker = LocalKafkaBroker.start(settings)) {
			assertThat(KafkaTestClients.listTopics(broker.bootstrapServers())).contains("kept");
			assertThat(KafkaTestClients.consume(broker.bootstrapServers(), "kept", 1, "read_uncommitted"))
				.containsExactly("before restart");
		}
	}

	@Test
	void closeDeletesTemporaryDataDir() {
		LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerSettings.defaults());
		Path dataDir = broker.dataDir();

		broker.close();

		assertThat(dataDir).doesNotExist();
	}

	@Test
	void closeKeepsGivenDataDir() {
		Path dataDir = this.tempDir.resolve("data");
		LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerSettings.defaults().withDataDir(dataDir));

		broker.close();

		assertThat(dataDir.resolve("meta.properties")).isRegularFile();
	}

	@Test
	void closeTwiceIsHarmless() {
		LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerSettings.defaults());
		broker.close();

		broker.close();

		assertThat(broker.dataDir()).doesNotExist();
	}

	@Test
	void twoBrokersRunAtOnce() throws Exception {
		try (LocalKafkaBroker first = LocalKafkaBroker.start(BrokerSettings.defaults());
				LocalKafkaBroker second = LocalKafkaBroker.start(BrokerSettings.defaults())) {
			KafkaTestClients.createTopic(first.bootstrapServers(), "only-first");

			assertThat(second.bootstrapServers()).isNotEqualTo(first.bootstrapServers());
			assertThat(KafkaTestClients.listTopics(second.bootstrapServers())).doesNotContain("only-first");
		}
	}

	@Test
	void closeLeavesNoNonDaemonThreads() throws Exception {
		Set<Thread> before = nonDaemonThreads();
		try (LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerSettings.defaults())) {
			KafkaTestClients.createTopic(broker.bootstrapServers(), "threads");
			KafkaTestClients.produce(broker.bootstrapServers(), "threads", "one");
			assertThat(KafkaTestClients.consume(broker.bootstrapServers(), "threads", 1, "read_uncommitted"))
				.hasSize(1);
		}

		await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Set<Thread> added = nonDaemonThreads();
			added.removeAll(before);
			assertThat(added).extracting(Thread::getName).isEmpty();
		});
	}

	@Test
	void takenChosenPortIsRetried() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			FreePortFinder firstTaken = (address, count) -> (calls.getAndIncrement() == 0)
					? List.of(taken.getLocalPort(), FreePortFinder.SYSTEM.find(address, 1).get(0))
					: FreePortFinder.SYSTEM.find(address, count);

			try (LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerSettings.defaults(),
					LocalKafkaBroker.DEFAULT_READY_TIMEOUT, firstTaken)) {
				assertThat(broker.bootstrapServers()).doesNotEndWith(":" + taken.getLocalPort());
				assertThat(calls).hasValue(2);
			}
		}
	}

	@Test
	void takenChosenControllerPortIsRetried() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			FreePortFinder firstTaken = (address, count) -> (calls.getAndIncrement() == 0)
					? List.of(FreePortFinder.SYSTEM.find(address, 1).get(0), taken.getLocalPort())
					: FreePortFinder.SYSTEM.find(address, count);

			try (LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerSettings.defaults(),
					LocalKafkaBroker.DEFAULT_READY_TIMEOUT, firstTaken)) {
				assertThat(KafkaTestClients.listTopics(broker.bootstrapServers())).isEmpty();
				assertThat(calls).hasValue(2);
			}
		}
	}

	@Test
	void takenFixedPortFailsWithPort() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			BrokerSettings settings = BrokerSettings.defaults().withPort(taken.getLocalPort());

			assertThatExceptionOfType(BrokerStartException.class).isThrownBy(() -> LocalKafkaBroker.start(settings))
				.withMessageContaining("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use");
		}
	}

	@Test
	void takenFixedControllerPortFailsWithPort() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			BrokerSettings settings = new BrokerSettings(null, "127.0.0.1", 0, taken.getLocalPort(), Map.of());

			assertThatExceptionOfType(BrokerStartException.class).isThrownBy(() -> LocalKafkaBroker.start(settings))
				.withMessageContaining("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use");
		}
	}

	@Test
	void failedStartDeletesTemporaryDataDir() throws Exception {
		Set<Path> before = temporaryDataDirs();
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			BrokerSettings settings = BrokerSettings.defaults().withPort(taken.getLocalPort());

			assertThatExceptionOfType(BrokerStartException.class).isThrownBy(() -> LocalKafkaBroker.start(settings));
		}

		assertThat(temporaryDataDirs()).isSubsetOf(before);
	}

	@Test
	void sameDataDirTwiceIsRejected() {
		BrokerSettings settings = BrokerSettings.defaults().withDataDir(this.tempDir.resolve("data"));
		try (LocalKafkaBroker broker = LocalKafkaBroker.start(settings)) {
			assertThatExceptionOfType(BrokerStartException.class).isThrownBy(() -> LocalKafkaBroker.start(settings))
				.withMessageContaining(broker.dataDir().toString())
				.withMessageContaining("in use");
		}
	}

	@Test
	void rejectedSecondBrokerLeavesFirstWorking() throws Exception {
		BrokerSettings settings = BrokerSettings.defaults().withDataDir(this.tempDir.resolve("data"));
		try (LocalKafkaBroker broker = LocalKafkaBroker.start(settings)) {
			assertThatExceptionOfType(BrokerStartException.class).isThrownBy(() -> LocalKafkaBroker.start(settings));

			KafkaTestClients.createTopic(broker.bootstrapServers(), "after-rejection");
			KafkaTestClients.produce(broker.bootstrapServers(), "after-rejection", "still working");
			assertThat(KafkaTestClients.consume(broker.bootstrapServers(), "after-rejection", 1, "read_uncommitted"))
				.containsExactly("still working");
		}
	}

	@Test
	void dataDirIsReusableAfterClose() throws Exception {
		BrokerSettings settings = BrokerSettings.defaults().withDataDir(this.tempDir.resolve("data"));
		LocalKafkaBroker.start(settings).close();

		try (LocalKafkaBroker broker = LocalKafkaBroker.start(settings)) {
			assertThat(KafkaTestClients.listTopics(broker.bootstrapServers())).isEmpty();
		}
	}

	@Test
	void nonEmptyUnformattedDirIsRejected() throws Exception {
		Files.writeString(this.tempDir.resolve("notes.txt"), "not Kafka");
		BrokerSettings settings = BrokerSettings.defaults().withDataDir(this.tempDir);

		assertThatExceptionOfType(BrokerStartException.class).isThrownBy(() -> LocalKafkaBroker.start(settings))
			.withMessageContaining("neither empty nor formatted");
	}

	@Test
	void wildcardHostIsRejected() {
		BrokerSettings settings = new BrokerSettings(null, "0.0.0.0", 0, 0, Map.of());

		assertThatExceptionOfType(BrokerStartException.class).isThrownBy(() -> LocalKafkaBroker.start(settings))
			.withMessageContaining("wildcard");
	}

	@Test
	void invalidOverrideFailsWithKey() {
		BrokerSettings settings = BrokerSettings.defaults().withOverride("num.partitions", "many");

		assertThatExceptionOfType(BrokerStartException.class).isThrownBy(() -> LocalKafkaBroker.start(settings))
			.withMessageContaining("num.partitions");
	}

	private static Set<Thread> nonDaemonThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !thread.isDaemon())
			.collect(Collectors.toSet());
	}

	private static Set<Path> temporaryDataDirs() throws Exception {
		try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			return entries.filter((path) -> path.getFileName().toString().startsWith("wordfleet-broker-"))
				.collect(Collectors.toSet());
		}
	}

}
