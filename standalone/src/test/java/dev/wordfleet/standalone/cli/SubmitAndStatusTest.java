package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import picocli.CommandLine;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.standalone.fleet.FleetOptions;
import dev.wordfleet.standalone.fleet.LocalFleet;
import dev.wordfleet.standalone.fleet.PageServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wordfleet submit --wait} and {@code wordfleet status} end to end against a running fleet whose aggregator
 * serves its HTTP API; {@code submit --wait} is compared with {@code wordfleet run} on the same pages.
 */
class SubmitAndStatusTest {

	private static final Pattern SUBMITTED = Pattern.compile("Submitted batch (\\S+) of");

	private static PageServer server;

	private static LocalFleet fleet;

	private static String aggregatorUrl;

	@TempDir
	Path folder;

	@BeforeAll
	static void startFleet() throws IOException {
		server = PageServer.start();
		fleet = LocalFleet.start(new FleetOptions(null, null, 2, 4,
				Map.of("wordfleet.fetch.allow-private-networks", "true", "spring.main.web-application-type",
						"servlet", "server.port", "0")));
		aggregatorUrl = "http://127.0.0.1:" + fleet.aggregatorPort();
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
	void waitPrintsSameWordsAsRun() throws IOException {
		List<String> urls = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			urls.add(server.page("same-" + i, "<html><body><p>oscar " + "papa ".repeat(i) + "quebec-" + (i % 4)
					+ "</p></body></html>"));
		}
		Path urlsFile = writeUrls(urls);

		Result run = execute("run", "--allow-private-networks", "--progress", "never", "--format", "tsv", "--top",
				"0", urlsFile.toString());
		Result submit = submitAndWait("--format", "tsv", "--top", "0", urlsFile.toString());

		assertThat(run.status()).as(run.err()).isZero();
		assertThat(submit.status()).as(submit.err()).isZero();
		assertThat(run.out()).contains("oscar\t12\n").contains("papa\t66\n");
		assertThat(submit.out()).isEqualTo(run.out());
		assertThat(run.err()).contains("12 pages counted, 0 failed");
		assertThat(submit.err()).contains("12 pages counted, 0 failed");
	}

	@Test
	void waitWritesTotalsAsJson() throws IOException {
		Path urlsFile = writeUrls(List.of(server.page("json-a", "<html><body><p>romeo sierra romeo</p></body></html>"),
				server.page("json-b", "<html><body><p>romeo tango</p></body></html>")));

		Result submit = submitAndWait("--format", "json", urlsFile.toString());

		assertThat(submit.status()).as(submit.err()).isZero();
		JsonNode document = Json.mapper().readTree(submit.out());
		BatchProgress tracked = fleet.tracker().progress(document.path("batchId").asString()).orElseThrow();
		assertThat(document.path("status").asString()).isEqualTo("COMPLETED");
		assertThat(document.path("pagesCounted").asInt()).isEqualTo(2);
		assertThat(document.path("totalWords").asLong()).isEqualTo(tracked.totalWords()).isEqualTo(5);
		assertThat(document.path("words").get(0).path("word").asString()).isEqualTo("romeo");
		assertThat(document.path("words").get(0).path("count").asLong()).isEqualTo(3);
	}

	@Test
	void failedBatchExitsOne() throws IOException {
		String broken = server.failingPage("wait-broken", Duration.ZERO);
		Path urlsFile = writeUrls(List.of(server.page("wait-ok", "<html><body><p>uniform</p></body></html>"),
				broken));

		Result submit = submitAndWait(urlsFile.toString());

		assertThat(submit.status()).isEqualTo(1);
		assertThat(submit.out()).isEmpty();
		assertThat(submit.err()).contains("failed: " + broken + ": HTTP_STATUS");
	}

	@Test
	void stallTimeoutStopsWaitingWithoutCancel() throws IOException {
		Path urlsFile = writeUrls(List.of(server.slowPage("stalled", Duration.ofSeconds(8))));

		Result submit = submitAndWait("--stall-timeout", "1s", urlsFile.toString());

		assertThat(submit.status()).isEqualTo(1);
		assertThat(submit.err()).contains("made no progress for 1 s").contains("keeps running")
			.contains("'wordfleet cancel --aggregator-url " + aggregatorUrl + " ");
		String batchId = batchIdOf(submit);
		assertThat(fleet.tracker().progress(batchId).orElseThrow().status()).isEqualTo(BatchStatus.RUNNING);
		BatchProgress finished = await().atMost(Duration.ofSeconds(30))
			.until(() -> fleet.tracker().progress(batchId).orElseThrow(), (progress) -> progress.status().isFinal());
		assertThat(finished.status()).isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	void unreachableAggregatorFailsBeforePublishing() throws IOException {
		Path urlsFile = writeUrls(List.of(server.page("unpublished", "<html><body><p>victor</p></body></html>")));

		Result submit = execute("submit", "--bootstrap-servers", fleet.bootstrapServers(), "--wait",
				"--aggregator-url", "http://127.0.0.1:" + closedPort(), "--progress", "never", urlsFile.toString());

		assertThat(submit.status()).isEqualTo(1);
		assertThat(submit.err()).contains("no aggregator responded at http://127.0.0.1:");
		assertThat(submit.err()).doesNotContain("Submitted batch");
	}

	@Test
	void unwritableOutputFailsBeforePublishing() throws IOException {
		Path urlsFile = writeUrls(List.of(server.page("unwritten", "<html><body><p>xray</p></body></html>")));
		Path output = urlsFile.resolveSibling("missing").resolve("words.tsv");

		Result submit = execute("submit", "--bootstrap-servers", fleet.bootstrapServers(), "--wait", "-o",
				output.toString(), "--progress", "never", urlsFile.toString());

		assertThat(submit.status()).isEqualTo(2);
		assertThat(submit.err()).contains("cannot write output file " + output.toAbsolutePath());
		assertThat(submit.err()).doesNotContain("Submitted batch");
	}

	@Test
	void waitOptionWithoutWaitExitsTwo() throws IOException {
		Path urlsFile = writeUrls(List.of(server.page("no-wait", "<html><body><p>whiskey</p></body></html>")));

		Result submit = execute("submit", "--bootstrap-servers", fleet.bootstrapServers(), "--top", "5",
				urlsFile.toString());

		assertThat(submit.status()).isEqualTo(2);
		assertThat(submit.err()).contains("--top applies only with --wait");

		Result withToken = execute("submit", "--bootstrap-servers", fleet.bootstrapServers(), "--api-token", "t",
				urlsFile.toString());

		assertThat(withToken.status()).isEqualTo(2);
		assertThat(withToken.err()).contains("--api-token applies only with --wait");
	}

	@Test
	void statusListsSubmittedBatch() throws IOException {
		String batchId = submitAndAwait(List.of(server.page("listed", "<html><body><p>xray yankee</p></body></html>")));

		Result status = execute("status", "--aggregator-url", aggregatorUrl);

		assertThat(status.status()).as(status.err()).isZero();
		List<String> lines = status.out().lines().toList();
		assertThat(lines.getFirst()).matches("BATCH +STATUS +DONE +FAILED +PENDING +AGE");
		assertThat(lines).anySatisfy((line) -> assertThat(line).matches(Pattern.quote(batchId)
				+ " +completed +1 +0 +0 +\\d+s"));
	}

	@Test
	void statusOfOneBatchAsJson() throws IOException {
		String batchId = submitAndAwait(List.of(server.page("json-status", "<html><body><p>zulu</p></body></html>")));

		Result status = execute("status", "--aggregator-url", aggregatorUrl, "--format", "json", batchId);

		assertThat(status.status()).as(status.err()).isZero();
		JsonNode document = Json.mapper().readTree(status.out());
		assertThat(document.path("batchId").asString()).isEqualTo(batchId);
		assertThat(document.path("status").asString()).isEqualTo("COMPLETED");
		assertThat(document.path("done").asInt()).isEqualTo(1);
		assertThat(document.path("pending").asInt()).isZero();
	}

	@Test
	void statusOfOneBatchAsTsv() throws IOException {
		String batchId = submitAndAwait(List.of(server.page("tsv-status", "<html><body><p>alfa</p></body></html>")));
		BatchProgress progress = fleet.tracker().progress(batchId).orElseThrow();

		Result status = execute("status", "--aggregator-url", aggregatorUrl, "--format", "tsv", batchId);

		assertThat(status.status()).as(status.err()).isZero();
		assertThat(status.out()).isEqualTo(String.join("\t", batchId, "completed", "1", "1", "0", "0",
				progress.submittedAt().toString(), progress.finishedAt().toString()) + "\n");
	}

	@Test
	void statusOfOneBatchShowsDetails() throws IOException {
		String batchId = submitAndAwait(
				List.of(server.page("details", "<html><body><p>bravo bravo</p></body></html>")));

		Result status = execute("status", "--aggregator-url", aggregatorUrl, batchId);

		assertThat(status.status()).as(status.err()).isZero();
		assertThat(status.out()).contains("Batch:          " + batchId + "\n")
			.contains("Status:         completed\n")
			.contains("Done:           1\n")
			.contains("Words:          2 (1 distinct)\n");
	}

	@Test
	void statusOfUnknownBatchExitsOne() {
		Result status = execute("status", "--aggregator-url", aggregatorUrl, "no-such-batch");

		assertThat(status.status()).isEqualTo(1);
		assertThat(status.err()).contains("batch no-such-batch not found");
	}

	@Test
	void statusWithoutAggregatorExitsOne() throws IOException {
		Result status = execute("status", "--aggregator-url", "http://127.0.0.1:" + closedPort());

		assertThat(status.status()).isEqualTo(1);
		assertThat(status.err()).contains("no aggregator responded");
	}

	@Test
	void resultPrintsSameWordsAsWait() throws IOException {
		List<String> urls = List.of(server.page("result-a", "<html><body><p>charlie delta charlie</p></body></html>"),
				server.page("result-b", "<html><body><p>charlie echo</p></body></html>"));
		Result wait = submitAndWait("--format", "tsv", "--top", "0", writeUrls(urls).toString());
		String batchId = submitAndAwait(urls);

		Result result = execute("result", "--aggregator-url", aggregatorUrl, "--format", "tsv", "--top", "0",
				batchId);

		assertThat(result.status()).as(result.err()).isZero();
		assertThat(result.out()).isEqualTo(wait.out()).isEqualTo("charlie\t3\ndelta\t1\necho\t1\n");
		assertThat(result.err()).contains("Batch " + batchId + " completed: 2 pages counted, 0 failed, 5 words");
	}

	@Test
	void resultOfIdPrefix() throws IOException {
		String batchId = submitAndAwait(
				List.of(server.page("result-prefix", "<html><body><p>hotel india hotel</p></body></html>")));

		Result result = execute("result", "--aggregator-url", aggregatorUrl, "--format", "tsv", "--top", "0",
				batchId.substring(0, 8));

		assertThat(result.status()).as(result.err()).isZero();
		assertThat(result.out()).isEqualTo("hotel\t2\nindia\t1\n");
		assertThat(result.err()).contains("Batch " + batchId + " completed: 1 page counted, 0 failed, 3 words");
	}

	@Test
	void resultWritesTopWordsToFile() throws IOException {
		String batchId = submitAndAwait(
				List.of(server.page("result-file", "<html><body><p>foxtrot golf foxtrot</p></body></html>")));
		Path output = this.folder.resolve("words.csv");

		Result result = execute("result", "--aggregator-url", aggregatorUrl, "--format", "csv", "--top", "1", "-o",
				output.toString(), batchId);

		assertThat(result.status()).as(result.err()).isZero();
		assertThat(result.out()).isEmpty();
		assertThat(Files.readString(output)).isEqualTo("word,count\r\nfoxtrot,2\r\n");
	}

	@Test
	void resultOfFailedBatchExitsOne() throws IOException {
		String broken = server.failingPage("result-broken", Duration.ZERO);
		String batchId = submitAndAwait(List.of(broken));

		Result result = execute("result", "--aggregator-url", aggregatorUrl, batchId);

		assertThat(result.status()).isEqualTo(1);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).contains("batch " + batchId + " failed: " + broken + ": HTTP_STATUS");
	}

	@Test
	void resultOfRunningBatchExitsOne() throws IOException {
		Result submit = execute("submit", "--bootstrap-servers", fleet.bootstrapServers(),
				writeUrls(List.of(server.slowPage("result-slow", Duration.ofSeconds(5)))).toString());
		String batchId = submit.out().strip();
		await().atMost(Duration.ofSeconds(30)).until(() -> fleet.tracker().progress(batchId).isPresent());

		Result result = execute("result", "--aggregator-url", aggregatorUrl, batchId);

		assertThat(result.status()).isEqualTo(1);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).contains("batch " + batchId + " is still running (0 counted, 0 failed, 1 pending)")
			.contains("'wordfleet status --aggregator-url " + aggregatorUrl + " " + batchId + "'");
	}

	@Test
	void cancelStopsRunningBatch() throws IOException {
		Result submit = execute("submit", "--bootstrap-servers", fleet.bootstrapServers(),
				writeUrls(List.of(server.slowPage("cancel-slow", Duration.ofSeconds(5)))).toString());
		String batchId = submit.out().strip();
		await().atMost(Duration.ofSeconds(30)).until(() -> fleet.tracker().progress(batchId).isPresent());

		Result cancel = execute("cancel", "--aggregator-url", aggregatorUrl, batchId.substring(0, 8));

		assertThat(cancel.status()).as(cancel.err()).isZero();
		assertThat(cancel.out()).isEqualTo("Cancelled batch " + batchId + ": 0 counted, 0 failed, 1 not counted\n");
		assertThat(fleet.tracker().progress(batchId).orElseThrow().status()).isEqualTo(BatchStatus.CANCELLED);
	}

	@Test
	void cancelOfEndedBatchExitsOne() throws IOException {
		String batchId = submitAndAwait(List.of(server.page("cancel-ended", "<html><body><p>kilo</p></body></html>")));

		Result cancel = execute("cancel", "--aggregator-url", aggregatorUrl, batchId);

		assertThat(cancel.status()).isEqualTo(1);
		assertThat(cancel.out()).isEmpty();
		assertThat(cancel.err()).contains("batch " + batchId + " has already ended, so there is nothing to cancel");
		assertThat(fleet.tracker().progress(batchId).orElseThrow().status()).isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	void resultOfUnknownBatchExitsOne() {
		Result result = execute("result", "--aggregator-url", aggregatorUrl, "no-such-batch");

		assertThat(result.status()).isEqualTo(1);
		assertThat(result.err()).contains("batch no-such-batch not found");
	}

	/** Submits the URLs without waiting and returns the batch id once the fleet has finished the batch. */
	private String submitAndAwait(List<String> urls) throws IOException {
		Result submit = execute("submit", "--bootstrap-servers", fleet.bootstrapServers(), writeUrls(urls).toString());
		assertThat(submit.status()).as(submit.err()).isZero();
		String batchId = submit.out().strip();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> fleet.tracker().progress(batchId).map((progress) -> progress.status().isFinal())
				.orElse(false));
		return batchId;
	}

	private Result submitAndWait(String... args) {
		List<String> all = new ArrayList<>(List.of("submit", "--bootstrap-servers", fleet.bootstrapServers(),
				"--wait", "--aggregator-url", aggregatorUrl, "--progress", "never"));
		all.addAll(List.of(args));
		return execute(all.toArray(String[]::new));
	}

	private static String batchIdOf(Result submit) {
		Matcher matcher = SUBMITTED.matcher(submit.err());
		assertThat(matcher.find()).as(submit.err()).isTrue();
		return matcher.group(1);
	}

	/** Runs the command with no WORDFLEET_* variables and no config file, whatever this process's environment. */
	private Result execute(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine commandLine = WordfleetCommand.newCommandLine(Map.of(), this.folder);
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		int status = commandLine.execute(args);
		return new Result(status, out.toString(), err.toString());
	}

	private Path writeUrls(List<String> urls) throws IOException {
		return Files.write(Files.createTempFile(this.folder, "urls", ".txt"),
				String.join("\n", urls).getBytes(StandardCharsets.UTF_8));
	}

	/** Returns a loopback port that nothing listens on. */
	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }))) {
			return socket.getLocalPort();
		}
	}

	private record Result(int status, String out, String err) {
	}

}
