package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wordfleet run} end to end: its exit status, output and error messages.
 */
class RunCommandTest {

	private static HttpServer server;

	@TempDir
	Path folder;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@BeforeAll
	static void startServer() throws IOException {
		InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
		server.createContext("/", (exchange) -> {
			try (exchange) {
				String path = exchange.getRequestURI().getPath();
				int status = path.startsWith("/broken") ? 503 : path.startsWith("/missing") ? 404 : 200;
				boolean fail = status != 200;
				byte[] body = (fail ? "broken" : "<html><body><p>kilo lima kilo</p></body></html>")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", fail ? "text/plain" : "text/html");
				exchange.sendResponseHeaders(status, body.length);
				exchange.getResponseBody().write(body);
			}
		});
		server.start();
	}

	@AfterAll
	static void stopServer() {
		server.stop(0);
	}

	@Test
	void completedBatchExitsZero() throws IOException {
		Path urls = writeUrls(url("/a"), url("/b"));

		int status = run("--allow-private-networks", "--progress", "never", "--format", "tsv", urls.toString());

		assertThat(status).as(this.err.toString()).isZero();
		assertThat(this.out.toString()).isEqualTo("kilo\t4\nlima\t2\n");
		assertThat(this.err.toString()).contains("2 pages counted, 0 failed");
	}

	@Test
	void failedBatchExitsOne() throws IOException {
		Path urls = writeUrls(url("/broken/page"));

		int status = run("--allow-private-networks", "--progress", "never", urls.toString());

		assertThat(status).isEqualTo(1);
		assertThat(this.out.toString()).isEmpty();
		assertThat(this.err.toString()).contains(url("/broken/page")).contains("HTTP_STATUS").contains("503");
	}

	@Test
	void toleratedFailuresAreListed() throws IOException {
		Path urls = writeUrls(url("/a"), url("/missing/one"), url("/missing/two"));

		int status = run("--allow-private-networks", "--progress", "never", "--max-failures", "2", "--format", "tsv",
				urls.toString());

		assertThat(status).as(this.err.toString()).isZero();
		assertThat(this.out.toString()).isEqualTo("kilo\t2\nlima\t1\n");
		assertThat(this.err.toString()).contains("1 page counted, 2 failed");
		assertThat(this.err.toString()).contains("wordfleet: 2 URLs failed within --max-failures:");
		assertThat(this.err.toString()).contains("  " + url("/missing/one") + ": HTTP_STATUS: ")
			.contains("  " + url("/missing/two") + ": HTTP_STATUS: ");
	}

	@Test
	void invalidLinesExitTwo() throws IOException {
		Path urls = writeUrls("# a comment", "example.com/page", url("/a"), "ftp://example.com/file", "not a url");

		int status = run(urls.toString());

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("line 2: not an absolute URL");
		assertThat(this.err.toString()).contains("line 4: unsupported scheme \"ftp\"");
		assertThat(this.err.toString()).contains("line 5: not a valid URL");
		assertThat(this.err.toString()).contains("URL file " + urls.toAbsolutePath() + ": the URL list has 3 invalid");
	}

	@Test
	void emptyFileExitsTwo() throws IOException {
		Path urls = writeUrls("# only a comment");

		int status = run(urls.toString());

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("URL file " + urls.toAbsolutePath() + " has no URL");
	}

	@Test
	void missingFileExitsTwo() {
		int status = run(this.folder.resolve("missing.txt").toString());

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("URL file not found").contains("missing.txt");
	}

	@Test
	void messagesNameNormalizedPaths() {
		int status = run("-o", this.folder.resolve("sub/../none/words.tsv").toString(),
				this.folder.resolve("sub/../missing.txt").toString());

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString())
			.contains("cannot write output file " + this.folder.toAbsolutePath().resolve("none/words.tsv"));

		this.err.getBuffer().setLength(0);
		status = run(this.folder.resolve("sub/../missing.txt").toString());

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString())
			.contains("URL file not found: " + this.folder.toAbsolutePath().resolve("missing.txt"));
	}

	@Test
	void urlFileDirectoryExitsTwo() {
		int status = run(this.folder.toString());

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("is a directory; give a file with one URL per line");
	}

	@Test
	void urlWithoutSchemeNamesTheFix() throws IOException {
		Path urls = writeUrls("127.0.0.1:18080/admin.html");

		int status = run(urls.toString());

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("line 1: not a valid URL: it has no scheme; write it with http://");
	}

	@Test
	void durationWithoutUnitExitsTwo() throws IOException {
		Path urls = writeUrls(url("/a"));

		int status = run("--deadline", "10", urls.toString());

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("invalid duration '10': give a unit, such as 10s, 10ms or 10m");
	}

	@Test
	void outputInMissingDirectoryExitsTwo() throws IOException {
		Path urls = writeUrls(url("/a"));
		Path output = this.folder.resolve("missing").resolve("words.tsv");

		int status = run("-o", output.toString(), urls.toString());

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("cannot write output file " + output.toAbsolutePath());
		assertThat(this.err.toString()).contains("does not exist");
		assertThat(this.err.toString()).doesNotContain("Batch ");
	}

	@Test
	void outputDirectoryExitsTwo() throws IOException {
		Path urls = writeUrls(url("/a"));

		int status = run("-o", this.folder.toString(), urls.toString());

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("output file " + this.folder.toAbsolutePath() + " is a directory");
	}

	@Test
	void workersNotANumberExitsTwo() throws IOException {
		Path urls = writeUrls(url("/a"));

		int status = run("--workers", "abc", urls.toString());

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("'abc' is not a whole number: give 1 or more");
	}

	@Test
	void unknownFormatExitsTwo() throws IOException {
		Path urls = writeUrls(url("/a"));

		int status = run("--format", "xml", urls.toString());

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("unknown format \"xml\"")
			.contains("Run 'wordfleet run --help' for the usage.")
			.doesNotContain("Usage:");
	}

	@Test
	void mistypedOptionGetsSuggestion() {
		int status = run("--worker", "3");

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("Unknown option: '--worker'")
			.contains("Possible solutions: --workers")
			.contains("Run 'wordfleet run --help' for the usage.");
	}

	@Test
	void unknownOptionExitsTwo() {
		int status = run("--no-such-option");

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("Unknown option: '--no-such-option'");
	}

	private int run(String... args) {
		// No WORDFLEET_* variables and no config file, whatever this process's environment.
		CommandLine commandLine = WordfleetCommand.newCommandLine(Map.of(), this.folder);
		commandLine.setOut(new PrintWriter(this.out, true));
		commandLine.setErr(new PrintWriter(this.err, true));
		String[] withCommand = new String[args.length + 1];
		withCommand[0] = "run";
		System.arraycopy(args, 0, withCommand, 1, args.length);
		return commandLine.execute(withCommand);
	}

	private Path writeUrls(String... lines) throws IOException {
		return Files.write(this.folder.resolve("urls.txt"), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
	}

	private static String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

}
