package dev.wordfleet.standalone.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.producer.batch.BatchOptions;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.FailureKind;
import dev.wordfleet.worker.cancel.CancelledBatches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first failure of a batch cancels it on every worker: queued jobs are never fetched and fetches in flight are
 * closed by the client instead of being read to the end.
 */
class FailFastTest {

	/** How late a request may reach the server after the cancel and still count as started before it. */
	private static final Duration LATENESS = Duration.ofMillis(100);

	private static final int SLOW_PAGES = 30;

	private static PageServer server;

	private static LocalFleet fleet;

	private static BatchProgress result;

	private static Instant cancelledAt;

	@BeforeAll
	static void runFailingBatch() throws Exception {
		server = PageServer.start();
		// One jobs partition keeps the jobs in order, so the failing URL is fetched first. Without retries its 500 is
		// the batch's first failure at once, and without a limit per host all four fetch slots are in use.
		fleet = LocalFleet.start(new FleetOptions(null, null, 2, 2, Map.of("wordfleet.fetch.allow-private-networks",
				"true", "wordfleet.topics.jobs-partitions", "1", "wordfleet.fetch.retry.max-retries", "0",
				"wordfleet.fetch.politeness.max-in-flight-per-host", "100")));
		List<String> urls = new ArrayList<>();
		urls.add(server.failingPage("first", Duration.ofMillis(300)));
		for (int i = 0; i < SLOW_PAGES; i++) {
			urls.add(server.slowPage("page-" + i, Duration.ofSeconds(4)));
		}

		String batchId = fleet.publisher().publish(urls, BatchOptions.defaults(), null).batchId();
		result = await().atMost(Duration.ofSeconds(60))
			.until(() -> fleet.tracker().progress(batchId).orElse(null),
					(progress) -> progress != null && progress.status().isFinal());
		CancelledBatches cancelled = fleet.bean(CancelledBatches.class);
		cancelledAt = await().atMost(Duration.ofSeconds(10))
			.until(() -> cancelled.cancelledAt(batchId).orElse(null), (instant) -> instant != null);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> server.requests().stream().allMatch((request) -> server.ending(request) != null));
	}

	@AfterAll
	static void stopFleet() {
		if (fleet != null) {
			fleet.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void batchFailsWithFirstFailure() {
		assertThat(result.status()).isEqualTo(BatchStatus.FAILED);
		assertThat(result.firstFailure()).isNotNull();
		assertThat(result.firstFailure().reason()).isEqualTo(FailureKind.HTTP_STATUS);
		assertThat(result.firstFailure().url()).contains("/fail/first");
	}

	@Test
	void noRequestStartsAfterCancel() {
		List<PageServer.Request> late = server.requests()
			.stream()
			.filter((request) -> request.startedAt().isAfter(cancelledAt.plus(LATENESS)))
			.toList();

		assertThat(late).isEmpty();
	}

	@Test
	void queuedJobsAreSkipped() {
		long slowRequests = server.requests().stream().filter((request) -> request.path().startsWith("/slow/")).count();

		assertThat(slowRequests).isLessThan(SLOW_PAGES);
	}

	@Test
	void inFlightRequestsAreAborted() {
		// Jobs wait for robots.txt before they take a fetch slot, so a slow page can start before the failing one and
		// complete before the cancel: only the requests still open at the cancel count here.
		List<PageServer.Request> openAtCancel = server.requests()
			.stream()
			.filter((request) -> request.path().startsWith("/slow/"))
			.filter((request) -> server.endedAt(request).isAfter(cancelledAt))
			.toList();

		assertThat(openAtCancel).isNotEmpty();
		assertThat(openAtCancel).allSatisfy((request) -> {
			assertThat(server.ending(request)).isEqualTo(PageServer.Ending.ABORTED_BY_CLIENT);
			assertThat(server.endedAt(request)).isBefore(cancelledAt.plus(Duration.ofSeconds(1)));
		});
	}

}
