package dev.wordfleet.aggregator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.wordfleet.protocol.Json;
import tools.jackson.databind.JsonNode;

/**
 * A headless Chromium driven through ChromeDriver's W3C WebDriver protocol, with the few commands the page tests
 * need. ChromeDriver and the browser run on this machine, and ChromeDriver listens on 127.0.0.1 only.
 */
final class ChromeSession implements AutoCloseable {

	/** Chromium's executable: {@code /usr/bin/chromium} unless the system property names another. */
	static final Path CHROMIUM = Path.of(System.getProperty("wordfleet.test.chromium", "/usr/bin/chromium"));

	/** ChromeDriver's executable: {@code /usr/bin/chromedriver} unless the system property names another. */
	static final Path CHROMEDRIVER = Path
		.of(System.getProperty("wordfleet.test.chromedriver", "/usr/bin/chromedriver"));

	/** Browser flags besides {@code --user-data-dir}. */
	static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync");

	/** Maximum wait for ChromeDriver to accept requests and for any one command. */
	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

	private final Process driver;

	private final HttpClient http;

	private final URI session;

	private ChromeSession(Process driver, HttpClient http, URI session) {
		this.driver = driver;
		this.http = http;
		this.session = session;
	}

	/** Returns whether both executables exist, so that a test can be skipped where they do not. */
	static boolean available() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	/**
	 * Starts ChromeDriver on a free loopback port and opens a browser session.
	 * @param userDataDir an empty directory for the browser's profile
	 * @param logDir where ChromeDriver writes its log
	 */
	static ChromeSession start(Path userDataDir, Path logDir) throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Files.createDirectories(logDir);
		Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port,
				"--log-path=" + logDir.resolve("chromedriver.log"))
			.redirectErrorStream(true)
			.redirectOutput(logDir.resolve("chromedriver.out").toFile())
			.start();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		URI base = URI.create("http://127.0.0.1:" + port);
		try {
			awaitReady(http, base);
			List<String> args = new ArrayList<>(FLAGS);
			args.add("--user-data-dir=" + userDataDir);
			Map<String, Object> capabilities = Map.of("capabilities", Map.of("alwaysMatch",
					Map.of("goog:chromeOptions", Map.of("binary", CHROMIUM.toString(), "args", args))));
			JsonNode created = send(http, "POST", base.resolve("/session"), capabilities);
			URI session = base.resolve("/session/" + created.get("sessionId").asString());
			return new ChromeSession(driver, http, session);
		}
		catch (IOException | RuntimeException ex) {
			http.close();
			stop(driver, driver.descendants().toList());
			throw ex;
		}
	}

	private static void awaitReady(HttpClient http, URI base) throws InterruptedException, IOException {
		long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
		while (true) {
			try {
				JsonNode status = send(http, "GET", base.resolve("/status"), null);
				if (status.path("ready").asBoolean(false)) {
					return;
				}
			}
			catch (IOException ex) {
				if (System.nanoTime() - deadline > 0) {
					throw new IOException("ChromeDriver did not start on " + base + " within " + COMMAND_TIMEOUT, ex);
				}
			}
			Thread.sleep(100);
		}
	}

	/** Sends one WebDriver command and returns its {@code value}. */
	private static JsonNode send(HttpClient http, String method, URI uri, @Nullable Object body)
			throws IOException, InterruptedException {
		HttpRequest.BodyPublisher publisher = (body != null)
				? HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))
				: HttpRequest.BodyPublishers.noBody();
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(COMMAND_TIMEOUT)
			.header("Content-Type", "application/json; charset=utf-8")
			.method(method, publisher)
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		JsonNode value = Json.mapper().readTree(response.body()).path("value");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("WebDriver command " + method + " " + uri + " failed with HTTP "
					+ response.statusCode() + ": " + value.path("error").asString("") + ": "
					+ value.path("message").asString(""));
		}
		return value;
	}

	private JsonNode command(String method, String path, @Nullable Object body) {
		try {
			URI uri = path.isEmpty() ? this.session : URI.create(this.session + "/" + path);
			return send(this.http, method, uri, body);
		}
		catch (IOException ex) {
			throw new IllegalStateException("WebDriver command " + method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted during WebDriver command " + method + " " + path, ex);
		}
	}

	void setWindowSize(int width, int height) {
		command("POST", "window/rect", Map.of("width", width, "height", height));
	}

	/** Loads a page and returns once its document has loaded. */
	void navigate(String url) {
		command("POST", "url", Map.of("url", url));
	}

	/** Runs a script in the page, as the body of a function, and returns its return value as JSON. */
	JsonNode execute(String script) {
		return command("POST", "execute/sync", Map.of("script", script, "args", List.of()));
	}

	/** Returns a PNG screenshot of the window. */
	byte[] screenshot() {
		return Base64.getDecoder().decode(command("GET", "screenshot", null).asString());
	}

	/** Ends the browser session and stops ChromeDriver and the browser. */
	@Override
	public void close() throws InterruptedException {
		// The browser's processes outlive ChromeDriver when the session does not end cleanly.
		List<ProcessHandle> browser = this.driver.descendants().toList();
		try {
			command("DELETE", "", null);
		}
		finally {
			this.http.close();
			stop(this.driver, browser);
		}
	}

	private static void stop(Process driver, List<ProcessHandle> browser) throws InterruptedException {
		driver.destroy();
		browser.forEach(ProcessHandle::destroy);
		if (!driver.waitFor(10, TimeUnit.SECONDS)) {
			driver.destroyForcibly();
		}
	}

}
