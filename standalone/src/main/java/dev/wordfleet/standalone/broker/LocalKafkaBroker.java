package dev.wordfleet.standalone.broker;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

import dev.wordfleet.standalone.Causes;

/**
 * A single-node Kafka cluster running in this JVM: Kafka's own KRaft server in combined mode (broker and controller
 * in one node), with a PLAINTEXT client listener and no authentication. The first start formats the data directory
 * at the latest production metadata version of the Kafka jars on the class path. Later starts on the same directory
 * keep its topics, records and consumer offsets.
 * <p>
 * {@link #start(BrokerSettings)} returns once the broker accepts client connections, and {@link #close()} stops it.
 * Kafka registers some broker metrics in a JVM-wide registry, so two brokers in one JVM work but share those
 * metrics. A fatal fault of Kafka's controller, such as a controller listener that cannot
 * bind or a metadata log that cannot be written, ends the JVM through Kafka's {@code ProcessTerminatingFaultHandler}.
 */
public final class LocalKafkaBroker implements AutoCloseable {

	/** Time {@link #start(BrokerSettings)} waits for the broker to accept client connections. */
	public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);

	/** Time {@link #close()} waits for the broker to stop. */
	static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	/** Start attempts when ports are chosen at start: a chosen port can be taken before the broker binds it. */
	private static final int ATTEMPTS_WITH_CHOSEN_PORTS = 2;

	private static final Logger logger = LoggerFactory.getLogger(LocalKafkaBroker.class);

	private final KafkaRaftServer server;

	private final String bootstrapServers;

	private final Path dataDir;

	private final boolean ownsDataDir;

	private final DataDirLock dataDirLock;

	private final AtomicBoolean closing = new AtomicBoolean();

	private final CountDownLatch closed = new CountDownLatch(1);

	private LocalKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean ownsDataDir,
			DataDirLock dataDirLock) {
		this.server = server;
		this.bootstrapServers = bootstrapServers;
		this.dataDir = dataDir;
		this.ownsDataDir = ownsDataDir;
		this.dataDirLock = dataDirLock;
	}

	/**
	 * Formats the data directory if needed, starts the broker and waits up to {@link #DEFAULT_READY_TIMEOUT} until
	 * it accepts client connections.
	 * @param settings where the broker keeps its data and which address and ports it listens on
	 * @return the running broker, which the caller must {@linkplain #close() close}
	 * @throws BrokerStartException if the broker cannot start or is not ready in time; a temporary data directory
	 * is deleted again
	 */
	public static LocalKafkaBroker start(BrokerSettings settings) {
		return start(settings, DEFAULT_READY_TIMEOUT);
	}

	/**
	 * Formats the data directory if needed, starts the broker and waits until it accepts client connections.
	 * @param settings where the broker keeps its data and which address and ports it listens on
	 * @param readyTimeout maximum time from this call until the broker responds to a client request, which includes
	 * formatting and start-up; must be positive
	 * @return the running broker, which the caller must {@linkplain #close() close}
	 * @throws BrokerStartException if the broker cannot start or is not ready in time; a temporary data directory
	 * is deleted again
	 */
	public static LocalKafkaBroker start(BrokerSettings settings, Duration readyTimeout) {
		return start(settings, readyTimeout, FreePortFinder.SYSTEM);
	}

	static LocalKafkaBroker start(BrokerSettings settings, Duration readyTimeout, FreePortFinder portFinder) {
		Objects.requireNonNull(settings, "settings must not be null");
		Objects.requireNonNull(readyTimeout, "readyTimeout must not be null");
		if (readyTimeout.isNegative() || readyTimeout.isZero()) {
			throw new IllegalArgumentException("readyTimeout must be positive, but was " + readyTimeout);
		}
		long startNanos = System.nanoTime();
		long deadlineNanos = startNanos + readyTimeout.toNanos();

		BrokerLogLevels.applyDefaults();
		InetAddress address = resolve(settings.host());
		Path settingsDataDir = settings.dataDir();
		boolean ownsDataDir = settingsDataDir == null;
		Path dataDir = ownsDataDir ? createTemporaryDataDir() : settingsDataDir.toAbsolutePath().normalize();
		@Nullable DataDirLock dataDirLock = null;
		try {
			dataDirLock = DataDirLock.acquire(dataDir);
			BrokerStorage.prepare(dataDir);
			LocalKafkaBroker broker = startServer(settings, address, dataDir, ownsDataDir, dataDirLock, deadlineNanos,
					portFinder);
			logger.info("Kafka broker ready on {} in {} ms, data directory {}", broker.bootstrapServers,
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), dataDir);
			return broker;
		}
		catch (RuntimeException | Error ex) {
			if (dataDirLock != null) {
				dataDirLock.close();
			}
			if (ownsDataDir) {
				deleteDataDir(dataDir);
			}
			throw ex;
		}
	}

	/**
	 * Returns the address list for the {@code bootstrap.servers} client property, such as {@code 127.0.0.1:39847}.
	 */
	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	/** Returns the absolute directory of the broker's logs and metadata. */
	public Path dataDir() {
		return this.dataDir;
	}

	/**
	 * Stops the broker, waiting up to 30 seconds, and then unlocks the data directory and deletes it if
	 * {@link #start} created it. A broker that does not stop in time keeps its data directory locked and may leave
	 * Kafka threads running. A second call waits for the first one to finish and does nothing else.
	 */
	@Override
	public void close() {
		if (!this.closing.compareAndSet(false, true)) {
			awaitClosed(SHUTDOWN_TIMEOUT);
			return;
		}
		try {
			logger.info("Stopping Kafka broker on {}", this.bootstrapServers);
			boolean stopped = stop(this.server);
			if (!stopped) {
				// A broker that may still write keeps its lock and its files.
				logger.warn("Keeping data directory {} locked because the broker did not stop", this.dataDir);
				return;
			}
			this.dataDirLock.close();
			if (this.ownsDataDir) {
				deleteDataDir(this.dataDir);
			}
		}
		finally {
			this.closed.countDown();
		}
	}

	/**
	 * Blocks until {@link #close()} has finished, for a process that only runs the broker and closes it from a
	 * shutdown hook.
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public void awaitShutdown() throws InterruptedException {
		this.closed.await();
	}

	@Override
	public String toString() {
		return "LocalKafkaBroker[" + this.bootstrapServers + ", " + this.dataDir + "]";
	}

	/**
	 * Starts a server on the settings' ports, choosing free ones for port 0. When another process takes a chosen
	 * port before the server binds it, the server starts once more on new ports.
	 */
	private static LocalKafkaBroker startServer(BrokerSettings settings, InetAddress address, Path dataDir,
			boolean ownsDataDir, DataDirLock dataDirLock, long deadlineNanos, FreePortFinder portFinder) {
		boolean choosesPorts = settings.port() == 0 || settings.controllerPort() == 0;
		int attempts = choosesPorts ? ATTEMPTS_WITH_CHOSEN_PORTS : 1;
		for (int attempt = 1;; attempt++) {
			boolean mayRetry = attempt < attempts;
			Ports ports = choosePorts(settings, address, portFinder);

			// Kafka 4.2 ends the JVM (ProcessTerminatingFaultHandler) when its controller listener cannot bind, so a
			// taken port must be found here, before Kafka starts.
			// NOTE: a process that binds the port between this check and Kafka's bind, a window of one or two
			// seconds in a fresh JVM, still ends the JVM.
			OptionalInt takenPort = ports.findTaken(address);
			if (takenPort.isPresent()) {
				if (mayRetry) {
					logger.warn("Port {} on {} was taken after it was chosen; retrying on new ports",
							takenPort.getAsInt(), settings.host());
					continue;
				}
				throw new BrokerStartException("Port " + takenPort.getAsInt() + " on " + settings.host()
						+ " is in use; choose another port, or 0 for a free one");
			}

			String bootstrapServers = BrokerProperties.address(settings.host(), ports.client());
			Duration startupTimeout = remaining(deadlineNanos).plusMillis(1);
			KafkaRaftServer server = createServer(settings, dataDir, ports, startupTimeout);
			try {
				server.startup();
			}
			catch (RuntimeException ex) {
				stop(server);
				boolean bindFailure = Causes.find(ex, BindException.class) != null;
				if (bindFailure && mayRetry) {
					logger.warn("Kafka broker could not bind {} ({}); retrying on new ports", ports, ex.getMessage());
					continue;
				}
				if (bindFailure) {
					throw new BrokerStartException("Kafka broker could not bind its listeners on " + ports + ": "
							+ ex.getMessage() + "; choose other ports, or 0 for free ones", ex);
				}
				throw new BrokerStartException("Kafka broker failed to start with data directory " + dataDir + ": "
						+ ex.getMessage(), ex);
			}

			LocalKafkaBroker broker = new LocalKafkaBroker(server, bootstrapServers, dataDir, ownsDataDir,
					dataDirLock);
			try {
				awaitReady(bootstrapServers, deadlineNanos);
			}
			catch (RuntimeException ex) {
				stop(server);
				throw ex;
			}
			return broker;
		}
	}

	private static Ports choosePorts(BrokerSettings settings, InetAddress address, FreePortFinder portFinder) {
		int missing = (settings.port() == 0 ? 1 : 0) + (settings.controllerPort() == 0 ? 1 : 0);
		if (missing == 0) {
			return new Ports(settings.port(), settings.controllerPort());
		}
		List<Integer> found;
		try {
			found = portFinder.find(address, missing);
		}
		catch (IOException ex) {
			throw new BrokerStartException(
					"Cannot find a free port on " + address.getHostAddress() + ": " + ex.getMessage(), ex);
		}
		int next = 0;
		int client = (settings.port() != 0) ? settings.port() : found.get(next++);
		int controller = (settings.controllerPort() != 0) ? settings.controllerPort() : found.get(next);
		return new Ports(client, controller);
	}

	private static KafkaRaftServer createServer(BrokerSettings settings, Path dataDir, Ports ports,
			Duration startupTimeout) {
		Map<String, String> properties = BrokerProperties.build(dataDir, settings.host(), ports.client(),
				ports.controller(), startupTimeout, settings.overrides());
		KafkaConfig config;
		try {
			config = new KafkaConfig(properties, false);
		}
		catch (ConfigException ex) {
			throw new BrokerStartException("Invalid broker configuration: " + ex.getMessage(), ex);
		}
		try {
			return new KafkaRaftServer(config, Time.SYSTEM);
		}
		catch (RuntimeException ex) {
			throw new BrokerStartException("Kafka broker cannot use data directory " + dataDir + ": "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * Waits until the broker lists itself in a cluster description, which proves that the client listener accepts
	 * connections and serves requests.
	 */
	private static void awaitReady(String bootstrapServers, long deadlineNanos) {
		int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, remaining(deadlineNanos).toMillis()));
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.CLIENT_ID_CONFIG, "wordfleet-broker-ready-check");
		try (Admin admin = Admin.create(config)) {
			Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis))
				.nodes()
				.get();
			if (nodes.stream().noneMatch((node) -> node.id() == BrokerProperties.NODE_ID)) {
				throw new BrokerStartException("Kafka broker on " + bootstrapServers
						+ " answered, but without itself in the cluster; nodes: " + nodes);
			}
		}
		catch (ExecutionException ex) {
			throw new BrokerStartException("Kafka broker on " + bootstrapServers + " did not accept client requests "
					+ "in time: " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerStartException("Interrupted while waiting for the Kafka broker on " + bootstrapServers, ex);
		}
	}

	/**
	 * Shuts the server down and waits for it, up to {@link #SHUTDOWN_TIMEOUT}.
	 * @return whether the server stopped in time
	 */
	private static boolean stop(KafkaRaftServer server) {
		// A separate thread bounds the wait, because Kafka's shutdown waits without a time limit.
		Thread stopper = Thread.ofPlatform().name("wordfleet-broker-shutdown").daemon().start(() -> {
			try {
				server.shutdown();
				server.awaitShutdown();
			}
			catch (RuntimeException ex) {
				logger.warn("Kafka broker shutdown failed", ex);
			}
		});
		try {
			if (stopper.join(SHUTDOWN_TIMEOUT)) {
				return true;
			}
			logger.warn("Kafka broker did not stop within {}; its threads may keep running", SHUTDOWN_TIMEOUT);
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("Interrupted while waiting for the Kafka broker to stop");
			return false;
		}
	}

	private void awaitClosed(Duration timeout) {
		try {
			if (!this.closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Kafka broker on {} is still stopping after {}", this.bootstrapServers, timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static InetAddress resolve(String host) {
		InetAddress address;
		try {
			address = InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			throw new BrokerStartException("Unknown broker host '" + host + "'; use an address such as "
					+ BrokerSettings.DEFAULT_HOST, ex);
		}
		if (address.isAnyLocalAddress()) {
			throw new BrokerStartException("Broker host '" + host + "' is a wildcard address, which clients cannot "
					+ "connect to; use a specific address such as " + BrokerSettings.DEFAULT_HOST);
		}
		return address;
	}

	private static Path createTemporaryDataDir() {
		try {
			return Files.createTempDirectory("wordfleet-broker-");
		}
		catch (IOException ex) {
			throw new BrokerStartException("Cannot create a temporary data directory: " + ex.getMessage(), ex);
		}
	}

	private static void deleteDataDir(Path dataDir) {
		try {
			FileSystemUtils.deleteRecursively(dataDir);
		}
		catch (IOException ex) {
			logger.warn("Cannot delete temporary data directory {}", dataDir, ex);
		}
	}

	private static Duration remaining(long deadlineNanos) {
		return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
	}

	/** Ports of the client and controller listeners. */
	private record Ports(int client, int controller) {

		/** Returns the first of the two ports that cannot be bound on {@code address} now, if any. */
		OptionalInt findTaken(InetAddress address) {
			if (!FreePortFinder.canBind(address, this.controller)) {
				return OptionalInt.of(this.controller);
			}
			if (!FreePortFinder.canBind(address, this.client)) {
				return OptionalInt.of(this.client);
			}
			return OptionalInt.empty();
		}

		@Override
		public String toString() {
			return "client port " + this.client + " and controller port " + this.controller;
		}

	}

}
