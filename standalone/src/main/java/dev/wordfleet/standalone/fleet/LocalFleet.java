package dev.wordfleet.standalone.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import dev.wordfleet.aggregator.AggregatorApplication;
import dev.wordfleet.aggregator.batch.BatchTracker;
import dev.wordfleet.producer.ProducerApplication;
import dev.wordfleet.producer.batch.BatchPublisher;
import dev.wordfleet.standalone.broker.BrokerSettings;
import dev.wordfleet.standalone.broker.LocalKafkaBroker;
import dev.wordfleet.worker.WorkerApplication;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.worker.job.JobWorker;
import dev.wordfleet.worker.job.JobWorkers;

/**
 * A whole fleet in one JVM: an embedded KRaft broker unless servers are given, then the aggregator, the workers and
 * the producer, each in its own Spring context exactly as its role runs on its own, with web servers off unless the
 * options' properties set {@code spring.main.web-application-type}. The roles talk only through Kafka, as they do
 * across machines.
 */
public final class LocalFleet implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LocalFleet.class);

	/** Maximum wait for the workers' group to assign every partition of the jobs topic. */
	private static final Duration ASSIGNMENT_WAIT = Duration.ofSeconds(30);

	/** Maximum wait of a closing fleet for a broker start in progress to end: as long as the start may take. */
	private static final Duration BROKER_START_WAIT = LocalKafkaBroker.DEFAULT_READY_TIMEOUT;

	/** Maximum time the broker delays its response to a fetch that finds no records, unless the options set one. */
	static final Duration IDLE_FETCH_WAIT = Duration.ofMillis(100);

	/** Guards the broker, the contexts and the closing, and orders a shutdown's actions before the roles stop. */
	private final ReentrantLock lifecycle = new ReentrantLock();

	private final Condition brokerStartEnded = this.lifecycle.newCondition();

	private @Nullable LocalKafkaBroker broker;

	private boolean brokerStarting;

	/** Whether a closing fleet stopped waiting for the broker's start, which leaves the broker to its starter. */
	private boolean brokerAbandoned;

	/** Whether the JVM's shutdown has begun to stop the fleet, after which no shutdown action is added. */
	private boolean shuttingDown;

	private volatile String bootstrapServers = "";

	private final List<ConfigurableApplicationContext> contexts = new CopyOnWriteArrayList<>();

	private final List<Runnable> shutdownActions = new CopyOnWriteArrayList<>();

	private final Thread shutdownHook = Thread.ofPlatform().name("wordfleet-fleet-shutdown").unstarted(this::shutDown);

	private boolean closed;

	private LocalFleet() {
	}

	/**
	 * Starts the fleet and returns once every role is running. On failure everything started so far is stopped.
	 */
	public static LocalFleet start(FleetOptions options) {
		// The roles start in parallel in one JVM, so Spring Boot must not configure logging once per role: three
		// concurrent logback resets fail. Logging is configured once, by the command or by logback's own lookup.
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
		LocalFleet fleet = new LocalFleet();
		// The roles' contexts register no shutdown hooks of their own: this one stops them in order, then the broker,
		// and deletes a temporary data directory, also when the JVM stops during the start.
		Runtime.getRuntime().addShutdownHook(fleet.shutdownHook);
		try {
			fleet.startRoles(options);
			fleet.awaitWorkerAssignment();
		}
		catch (RuntimeException | Error ex) {
			fleet.close();
			throw ex;
		}
		logger.info("Fleet running on {} with {} workers of {} fetch slots", fleet.bootstrapServers, options.workers(),
				options.concurrency());
		return fleet;
	}

	private void startRoles(FleetOptions options) {
		String servers = options.bootstrapServers();
		if (servers == null) {
			servers = startBroker(BrokerSettings.defaults().withDataDir(options.dataDir())).bootstrapServers();
		}
		this.bootstrapServers = servers;
		Map<String, String> shared = new LinkedHashMap<>(options.properties());
		shared.put("spring.kafka.bootstrap-servers", servers);
		shared.putIfAbsent("spring.main.web-application-type", WebApplicationType.NONE.name());
		// A consumer closes its fetch session only after its pending fetch returns, and the broker responds to a fetch
		// that finds no records after fetch.max.wait.ms, 500 ms by default. So with the default, each idle consumer
		// can add half a second to the fleet's stop. A fetch that finds records returns at once either way.
		shared.putIfAbsent("spring.kafka.consumer.fetch-max-wait", IDLE_FETCH_WAIT.toMillis() + "ms");

		Map<String, String> workerProperties = new LinkedHashMap<>(shared);
		workerProperties.put("wordfleet.worker.instances", String.valueOf(options.workers()));
		workerProperties.put("wordfleet.worker.concurrency", String.valueOf(options.concurrency()));
		// Workers in one process join the group at almost the same time. A rebalance that one of them starts reaches
		// the others with their next heartbeat, so short heartbeats shorten the start.
		workerProperties.putIfAbsent("spring.kafka.consumer.heartbeat-interval", "1s");

		// Platform threads: class loading from Spring Boot's nested jars can block virtual threads for good.
		try (ExecutorService starters = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("start-", 1).factory())) {
			List<CompletableFuture<ConfigurableApplicationContext>> starting = List.of(
					CompletableFuture.supplyAsync(() -> run(AggregatorApplication.class,
							AggregatorApplication.CONFIG_NAMES, shared), starters),
					CompletableFuture.supplyAsync(() -> run(WorkerApplication.class, WorkerApplication.CONFIG_NAMES,
							workerProperties), starters),
					CompletableFuture.supplyAsync(() -> run(ProducerApplication.class,
							ProducerApplication.CONFIG_NAMES, shared), starters));
			RuntimeException failure = null;
			for (CompletableFuture<ConfigurableApplicationContext> future : starting) {
				try {
					ConfigurableApplicationContext context = future.join();
					adopt(context::close, () -> this.contexts.add(context));
				}
				catch (CompletionException ex) {
					failure = (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
				}
			}
			if (failure != null) {
				throw failure;
			}
		}
	}

	/**
	 * Starts the embedded broker. When the fleet is closed meanwhile, as when the JVM stops, the closing waits for the
	 * start to end and stops the broker, which deletes a temporary data directory that the start created.
	 * @throws IllegalStateException when the fleet was closed before or during the start
	 */
	private LocalKafkaBroker startBroker(BrokerSettings settings) {
		this.lifecycle.lock();
		try {
			requireOpen();
			this.brokerStarting = true;
		}
		finally {
			this.lifecycle.unlock();
		}
		LocalKafkaBroker started = null;
		boolean abandoned;
		try {
			started = LocalKafkaBroker.start(settings);
		}
		finally {
			this.lifecycle.lock();
			try {
				abandoned = this.brokerAbandoned;
				this.broker = abandoned ? null : started;
				this.brokerStarting = false;
				this.brokerStartEnded.signalAll();
			}
			finally {
				this.lifecycle.unlock();
			}
		}
		if (abandoned) {
			started.close();
		}
		this.lifecycle.lock();
		try {
			requireOpen();
			return started;
		}
		finally {
			this.lifecycle.unlock();
		}
	}

	private void requireOpen() {
		if (this.closed) {
			throw new IllegalStateException("the fleet was closed while it started");
		}
	}

	/**
	 * Keeps a started part of the fleet, or stops it at once when the fleet has already been closed, as happens when
	 * the JVM stops during the start.
	 */
	private void adopt(Runnable stop, Runnable keep) {
		this.lifecycle.lock();
		try {
			if (!this.closed) {
				keep.run();
				return;
			}
		}
		finally {
			this.lifecycle.unlock();
		}
		stop.run();
	}

	/**
	 * Waits until the group has given every worker its share of the jobs topic, so that a batch submitted next is not
	 * interrupted by the rebalances of workers still joining, which would fetch some of its pages twice. Gives up
	 * quietly after {@link #ASSIGNMENT_WAIT}: the fleet works without it, only less smoothly.
	 */
	private void awaitWorkerAssignment() {
		List<JobWorker> workers = workers().workers();
		int partitions = bean(TopicProperties.class).jobsPartitions();
		int expectedBusy = Math.min(workers.size(), partitions);
		long deadline = System.nanoTime() + ASSIGNMENT_WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			int total = workers.stream().mapToInt(JobWorker::assignedPartitions).sum();
			long busy = workers.stream().filter((worker) -> worker.assignedPartitions() > 0).count();
			if (total == partitions && busy == expectedBusy) {
				return;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		logger.warn("The workers' group did not settle within {}; starting anyway", ASSIGNMENT_WAIT);
	}

	private static ConfigurableApplicationContext run(Class<?> application, String configNames,
			Map<String, String> properties) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.config.name", configNames);
		List<String> args = new ArrayList<>();
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		return new SpringApplicationBuilder(application).bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties(defaults)
			.run(args.toArray(String[]::new));
	}

	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	public BatchPublisher publisher() {
		return bean(BatchPublisher.class);
	}

	public BatchTracker tracker() {
		return bean(BatchTracker.class);
	}

	public JobWorkers workers() {
		return bean(JobWorkers.class);
	}

	/**
	 * Returns the port of the aggregator's web server, which serves its HTTP API.
	 * @throws IllegalStateException when the fleet runs without web servers
	 */
	public int aggregatorPort() {
		for (ConfigurableApplicationContext context : this.contexts) {
			if (context.getBeanNamesForType(AggregatorApplication.class).length > 0) {
				Integer port = context.getEnvironment().getProperty("local.server.port", Integer.class);
				if (port == null) {
					throw new IllegalStateException("the aggregator runs without a web server; set "
							+ "spring.main.web-application-type=servlet in the fleet's properties");
				}
				return port;
			}
		}
		throw new IllegalStateException("this fleet has no aggregator");
	}

	/** Returns the one bean of the given type in any role's context. */
	public <T> T bean(Class<T> type) {
		for (ConfigurableApplicationContext context : this.contexts) {
			if (context.getBeanNamesForType(type).length > 0) {
				return context.getBean(type);
			}
		}
		throw new IllegalStateException("no role of this fleet has a " + type.getSimpleName());
	}

	/** Returns the beans of the given type in every role's context, in the order the roles started. */
	public <T> List<T> beans(Class<T> type) {
		List<T> beans = new ArrayList<>();
		for (ConfigurableApplicationContext context : this.contexts) {
			beans.addAll(context.getBeansOfType(type).values());
		}
		return beans;
	}

	/**
	 * Adds an action to run when the JVM stops while the fleet runs, as on Ctrl-C, before the roles stop. Actions run
	 * in the order they were added.
	 * @return whether the action was added. It is not once the JVM's shutdown has begun to stop the fleet, or once the
	 * fleet was closed, and then it never runs.
	 */
	public boolean beforeShutdown(Runnable action) {
		this.lifecycle.lock();
		try {
			if (this.shuttingDown || this.closed) {
				return false;
			}
			this.shutdownActions.add(action);
			return true;
		}
		finally {
			this.lifecycle.unlock();
		}
	}

	/**
	 * Stops the roles in reverse order of dependency, then the embedded broker if there is one. A second call, or one
	 * while the JVM's shutdown stops the fleet, returns once the fleet has stopped.
	 */
	@Override
	public void close() {
		// The hook stays registered while the fleet stops, so that a Ctrl-C meanwhile waits for the stop to end
		// instead of halting the JVM with the broker's data directory half deleted.
		stop();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down, and the hook finds the fleet closed.
		}
	}

	private void shutDown() {
		this.lifecycle.lock();
		try {
			this.shuttingDown = true;
			if (this.closed) {
				return;
			}
			for (Runnable action : this.shutdownActions) {
				try {
					action.run();
				}
				catch (RuntimeException ex) {
					logger.warn("Shutdown action of the fleet failed", ex);
				}
			}
			stop();
		}
		finally {
			this.lifecycle.unlock();
		}
	}

	private void stop() {
		this.lifecycle.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			for (ConfigurableApplicationContext context : this.contexts.reversed()) {
				try {
					context.close();
				}
				catch (RuntimeException ex) {
					logger.warn("Failed to stop {} cleanly", context.getId(), ex);
				}
			}
			awaitBrokerStart();
			if (this.broker != null) {
				this.broker.close();
			}
		}
		finally {
			this.lifecycle.unlock();
		}
	}

	/** Waits, without holding the lock, for at most {@link #BROKER_START_WAIT} until no broker is starting. */
	private void awaitBrokerStart() {
		long remaining = BROKER_START_WAIT.toNanos();
		try {
			while (this.brokerStarting && remaining > 0) {
				remaining = this.brokerStartEnded.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.brokerStarting) {
			this.brokerAbandoned = true;
			logger.warn("The embedded broker was still starting after {}; it stops once started, unless the JVM "
					+ "has ended by then", BROKER_START_WAIT);
		}
	}

}
