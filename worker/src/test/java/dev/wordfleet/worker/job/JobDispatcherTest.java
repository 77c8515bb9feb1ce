package dev.wordfleet.worker.job;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.wordfleet.protocol.CancelBatch;
import dev.wordfleet.protocol.JobOutcome;
import dev.wordfleet.protocol.PageCounted;
import dev.wordfleet.protocol.UrlJob;
import dev.wordfleet.worker.cancel.CancelledBatches;
import dev.wordfleet.worker.fetch.FetchSettings;
import dev.wordfleet.worker.fetch.PageFetcher;
import dev.wordfleet.worker.politeness.HostLimiter;
import dev.wordfleet.worker.politeness.PolitenessSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher's bounds, pausing and cancelling, against a local server whose pages respond only when released.
 */
class JobDispatcherTest {

	private static final TopicPartition PARTITION = new TopicPartition("jobs", 0);

	private HttpServer server;

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger maxOpen = new AtomicInteger();

	private PageFetcher fetcher;

	private final CancelledBatches cancelled = new CancelledBatches(Clock.systemUTC());

	private final List<JobOutcome> published = new CopyOnWriteArrayList<>();

	private final Map<Long, Boolean> finished = new ConcurrentHashMap<>();

	private final RecordingIntake intake = new RecordingIntake();

	private JobDispatcher dispatcher;

	private final List<String> requestLog = new CopyOnWriteArrayList<>();

	private final AtomicInteger retryCalls = new AtomicInteger();

	@BeforeEach
	void start() throws IOException {
		InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 50);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/retry", (exchange) -> {
			this.requestLog.add(exchange.getRequestURI().getPath());
			try (exchange) {
				if (this.retryCalls.incrementAndGet() == 1) {
					exchange.getResponseHeaders().set("Retry-After", "1");
					exchange.sendResponseHeaders(503, -1);
					return;
				}
				byte[] body = "<p>retried</p>".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/html");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
			}
		});
		this.server.createContext("/", (exchange) -> {
			this.requestLog.add(exchange.getRequestURI().getPath());
			this.maxOpen.accumulateAndGet(this.open.incrementAndGet(), Math::max);
			try (exchange) {
				this.release.await(20, TimeUnit.SECONDS);
				byte[] body = "<p>oscar papa</p>".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/html");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.open.decrementAndGet();
			}
		});
		this.server.start();
		this.fetcher = new PageFetcher(FetchSettings.defaults().withAllowPrivateNetworks(true));
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		if (this.dispatcher != null) {
			this.dispatcher.close();
		}
		this.fetcher.close();
		this.server.stop(0);
	}

	@Test
	void fetchesInFlightNeverExceedConcurrency() {
		startDispatcher(2);
		for (int i = 0; i < 8; i++) {
			submit("batch-a", i);
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> this.open.get() == 2);
		this.release.countDown();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.published.size() == 8);

		assertThat(this.maxOpen.get()).isEqualTo(2);
		assertThat(this.dispatcher.maxInFlight()).isEqualTo(2);
		assertThat(this.published).allMatch((outcome) -> outcome instanceof PageCounted);
	}

	@Test
	void fullQueuePausesConsumer() {
		startDispatcher(1);
		submit("batch-a", 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.open.get() == 1);

		// Eight jobs run at once per fetch slot, one fetching and seven waiting for the slot; the next ones queue.
		for (int i = 1; i < 8; i++) {
			submit("batch-a", i);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.dispatcher.queued() == 0);
		assertThat(this.intake.paused).isFalse();
		submit("batch-a", 8);

		assertThat(this.intake.paused).isTrue();
		assertThat(this.open.get()).isEqualTo(1);
	}

	@Test
	void lostPartitionDropsQueueCancelsWaitingJobsAndResumesConsumer() {
		startDispatcher(1);
		submit("batch-a", 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.open.get() == 1);
		for (int i = 1; i <= 9; i++) {
			submit("batch-a", i);
		}
		// Jobs 0 to 7 run, one fetching and seven waiting for the slot; jobs 8 and 9 stay queued.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.dispatcher.queued() == 2);
		assertThat(this.intake.paused).isTrue();

		this.dispatcher.dropPartitions(List.of(PARTITION));

		await().atMost(Duration.ofSeconds(10)).until(() -> this.finished.size() == 8);
		assertThat(this.finished.values()).containsOnly(false);
		assertThat(this.intake.paused).isFalse();
		assertThat(this.dispatcher.queued()).isZero();
		assertThat(this.published).isEmpty();
	}

	@Test
	void cancelAbortsFetchesAndSkipsQueue() {
		startDispatcher(1);
		submit("batch-c", 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.open.get() == 1);
		submit("batch-c", 1);
		submit("batch-c", 2);

		this.cancelled.cancel(CancelBatch.of("batch-c", "test"));

		await().atMost(Duration.ofSeconds(5)).until(() -> this.finished.size() == 3);
		assertThat(this.finished).containsOnlyKeys(0L, 1L, 2L);
		assertThat(this.finished.values()).containsOnly(true);
		assertThat(this.published).isEmpty();
		assertThat(this.intake.paused).isFalse();
	}

	@Test
	void jobWaitingToRetryHoldsNoFetchSlot() {
		this.release.countDown();
		startDispatcher(1);
		String retryUrl = "http://127.0.0.1:" + this.server.getAddress().getPort() + "/retry/page";
		this.dispatcher.submit(new AcceptedJob(UrlJob.of("batch-r", 0, retryUrl), PARTITION, 0));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.dispatcher.retryWaits() == 1);
		submit("batch-r", 1);

		await().atMost(Duration.ofSeconds(10)).until(() -> this.finished.size() == 2);

		// The second job was fetched and published while the first waited the server's 1 s.
		assertThat(this.requestLog).containsExactly("/retry/page", "/batch-r/1", "/retry/page");
		assertThat(this.published).extracting(JobOutcome::jobId).containsExactly(1, 0);
		assertThat(this.finished.values()).containsOnly(true);
		assertThat(this.dispatcher.maxInFlight()).isEqualTo(1);
	}

	@Test
	void retryGoesBeforeLaterJobs() throws InterruptedException {
		HostLimiter oneSlotPerHost = new HostLimiter(
				new PolitenessSettings(1, Duration.ZERO, Duration.ZERO, 0, Duration.ofMinutes(1)));
		startDispatcher(4, JobRunners.runner(this.fetcher, null, oneSlotPerHost, null));
		String retryUrl = "http://127.0.0.1:" + this.server.getAddress().getPort() + "/retry/page";
		this.dispatcher.submit(new AcceptedJob(UrlJob.of("batch-h", 0, retryUrl), PARTITION, 0));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.dispatcher.retryWaits() == 1);
		// Job 1 takes the host's free slot and holds it until the release, and jobs 2 to 4 then wait for it.
		submit("batch-h", 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.open.get() == 1);
		for (int i = 2; i <= 4; i++) {
			submit("batch-h", i);
		}

		// After the server's 1 s the first job waits for the host again, behind no one with a lower ticket.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.dispatcher.retryWaits() == 0);
		Thread.sleep(300);
		this.release.countDown();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.finished.size() == 5);
		assertThat(this.requestLog).containsExactly("/retry/page", "/batch-h/1", "/retry/page", "/batch-h/2",
				"/batch-h/3", "/batch-h/4");
		assertThat(this.finished.values()).containsOnly(true);
	}

	@Test
	void closeLeavesUnfinishedJobsUnacknowledged() {
		startDispatcher(1);
		submit("batch-d", 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.open.get() == 1);

		this.dispatcher.close();

		await().atMost(Duration.ofSeconds(5)).until(() -> this.finished.containsKey(0L));
		assertThat(this.finished.get(0L)).isFalse();
		assertThat(this.published).isEmpty();
	}

	private void startDispatcher(int concurrency) {
		startDispatcher(concurrency, JobRunners.plain(this.fetcher));
	}

	private void startDispatcher(int concurrency, JobRunner runner) {
		this.dispatcher = new JobDispatcher("test-worker", concurrency, runner, this.published::add, this.cancelled,
				(job, done) -> this.finished.put(job.offset(), done));
		this.dispatcher.start(this.intake);
	}

	private void submit(String batchId, int jobId) {
		String url = "http://127.0.0.1:" + this.server.getAddress().getPort() + "/" + batchId + "/" + jobId;
		this.dispatcher.submit(new AcceptedJob(UrlJob.of(batchId, jobId, url), PARTITION, jobId));
	}

	private static final class RecordingIntake implements JobDispatcher.Intake {

		volatile boolean paused;

		@Override
		public void pause() {
			this.paused = true;
		}

		@Override
		public void resume() {
			this.paused = false;
		}

		@Override
		public boolean isPaused() {
			return this.paused;
		}

	}

}
