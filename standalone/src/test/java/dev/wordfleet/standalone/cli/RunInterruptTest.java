package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wordfleet.standalone.Wordfleet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wordfleet run} stopped by a signal in a JVM of its own, while its fleet starts and while its batch runs: it
 * reports the interrupt once, cancels a running batch, stops the fleet and deletes the embedded broker's temporary
 * data directory.
 */
class RunInterruptTest {

	private static final int PAGES = 200;

	private static final Duration PAGE_DELAY = Duration.ofMillis(300);

	private static final Duration START_LIMIT = Duration.ofSeconds(120);

	/** Room for the broker's start, which a stop during it waits for, and for the broker's stop. */
	private static final Duration STOP_LIMIT = Duration.ofSeconds(150);

	@TempDir
	Path folder;

	private HttpServer server;

	private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

	private final AtomicInteger pageRequests = new AtomicInteger();

	private Process process;

	private Path tmp;

	private Path stderr;

	@BeforeEach
	void startServer() throws IOException {
		InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
		this.server.setExecutor(this.handlers);
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				boolean page = exchange.getRequestURI().getPath().startsWith("/pages/");
				if (page) {
					this.pageRequests.incrementAndGet();
					Thread.sleep(PAGE_DELAY);
				}
				byte[] body = (page ? "<html><body><p>slow page</p></body></html>" : "")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/html");
				exchange.sendResponseHeaders(page ? 200 : 404, page ? body.length : -1);
				exchange.getResponseBody().write(body);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		this.server.start();
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly().waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
		}
		this.server.stop(0);
		this.handlers.close();
	}

	@Test
	void signalCancelsBatchAndDeletesData() throws Exception {
		startRun();
		long deadline = System.nanoTime() + START_LIMIT.toNanos();
		while (this.pageRequests.get() < 3 && this.process.isAlive() && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(this.pageRequests.get()).as("page requests before the signal; standard error:%n%s",
				Files.readString(this.stderr)).isGreaterThanOrEqualTo(3);
		assertThat(brokerDirectories()).as("the embedded broker's data directory while the batch runs").hasSize(1);

		String errors = terminate();
		assertThat(errors).containsOnlyOnce("wordfleet: interrupted");
		assertThat(errors).containsPattern("wordfleet: interrupted; batch \\S+ cancelled after \\d+ of " + PAGES
				+ " URLs were counted \\(0 failed\\)");
		assertThat(errors).doesNotContain("wordfleet: batch");
		assertThat(Files.readString(this.folder.resolve("stdout.txt"))).isEmpty();
		assertThat(brokerDirectories()).as("broker data directories left in %s", this.tmp).isEmpty();
	}

	@Test
	void signalDuringStartReportsOnce() throws Exception {
		startRun();
		long deadline = System.nanoTime() + START_LIMIT.toNanos();
		while (brokerDirectories().isEmpty() && this.process.isAlive() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(brokerDirectories()).as("the embedded broker's data directory during the start; standard error:%n%s",
				Files.readString(this.stderr)).hasSize(1);

		String errors = terminate();
		assertThat(errors).containsOnlyOnce("wordfleet: interrupted");
		assertThat(errors).containsPattern("wordfleet: interrupted (before the batch was submitted|while the batch "
				+ "was being published|; batch \\S+ cancelled after \\d+ of " + PAGES + " URLs)");
		assertThat(errors).doesNotContain("Exception").doesNotContain("WARN");
		assertThat(brokerDirectories()).as("broker data directories left in %s", this.tmp).isEmpty();
	}

	/** Starts {@code wordfleet run} in a JVM of its own over the slow pages, with its temporary files in a folder. */
	private void startRun() throws IOException {
		Path urls = this.folder.resolve("urls.txt");
		int port = this.server.getAddress().getPort();
		Files.write(urls, IntStream.range(0, PAGES).mapToObj((i) -> "http://127.0.0.1:" + port + "/pages/" + i).toList());
		this.tmp = Files.createDirectories(this.folder.resolve("tmp"));
		this.stderr = this.folder.resolve("stderr.txt");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
				"-Djava.io.tmpdir=" + this.tmp, Wordfleet.class.getName(), "run", "--allow-private-networks",
				"--workers", "1", "--concurrency", "2", "--progress", "never", urls.toString()));
		this.process = new ProcessBuilder(command).redirectOutput(this.folder.resolve("stdout.txt").toFile())
			.redirectError(this.stderr.toFile())
			.start();
	}

	/** Sends SIGTERM, checks that the run ends with the JVM's status for it, and returns its standard error. */
	private String terminate() throws Exception {
		this.process.destroy();
		assertThat(this.process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("stopped in time").isTrue();
		String errors = Files.readString(this.stderr);
		assertThat(this.process.exitValue()).as("exit status; standard error:%n%s", errors).isEqualTo(128 + 15);
		return errors;
	}

	private List<Path> brokerDirectories() throws IOException {
		try (Stream<Path> entries = Files.list(this.tmp)) {
			return entries.filter((entry) -> entry.getFileName().toString().startsWith("wordfleet-broker-")).toList();
		}
	}

}
