package dev.wordfleet.standalone.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.wordfleet.standalone.fleet.FleetOptions;
import dev.wordfleet.standalone.fleet.LocalFleet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands that use the aggregator's HTTP API, against a fleet whose aggregator requires a bearer token
 * ({@code wordfleet.api.token}).
 */
class ApiTokenCommandsTest {

	private static final String TOKEN = "test-token-4f1c";

	private static LocalFleet fleet;

	private static String aggregatorUrl;

	@TempDir
	Path home;

	@BeforeAll
	static void startFleet() {
		fleet = LocalFleet.start(new FleetOptions(null, null, 1, 2,
				Map.of("wordfleet.fetch.allow-private-networks", "true", "spring.main.web-application-type",
						"servlet", "server.port", "0", "wordfleet.api.token", TOKEN)));
		aggregatorUrl = "http://127.0.0.1:" + fleet.aggregatorPort();
	}

	@AfterAll
	static void stopFleet() {
		if (fleet != null) {
			fleet.close();
		}
	}

	@Test
	void tokenFromEnvironmentVariable() {
		Result status = execute(Map.of("WORDFLEET_API_TOKEN", TOKEN), "status", "--aggregator-url", aggregatorUrl);

		assertThat(status.status()).as(status.err()).isZero();
	}

	@Test
	void tokenFromOption() {
		Result status = execute(Map.of(), "status", "--aggregator-url", aggregatorUrl, "--api-token", TOKEN);

		assertThat(status.status()).as(status.err()).isZero();
	}

	@Test
	void missingTokenNamesVariable() {
		Result status = execute(Map.of(), "status", "--aggregator-url", aggregatorUrl);

		assertThat(status.status()).isEqualTo(1);
		assertThat(status.err()).contains("requires a bearer token (HTTP 401 for GET /batches)")
			.contains("set WORDFLEET_API_TOKEN");
	}

	@Test
	void wrongTokenRejected() {
		Result result = execute(Map.of("WORDFLEET_API_TOKEN", "not-the-token"), "result", "--aggregator-url",
				aggregatorUrl, "0000");

		assertThat(result.status()).isEqualTo(1);
		assertThat(result.err()).contains("rejected the bearer token").doesNotContain("not-the-token");
	}

	@Test
	void helpHidesToken() {
		Result help = execute(Map.of("WORDFLEET_API_TOKEN", TOKEN), "status", "--help");

		assertThat(help.status()).isZero();
		assertThat(help.out()).contains("--api-token=(hidden)  (environment variable WORDFLEET_API_TOKEN)")
			.doesNotContain(TOKEN);
	}

	private Result execute(Map<String, String> environment, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine commandLine = WordfleetCommand.newCommandLine(environment, this.home);
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		int status = commandLine.execute(args);
		return new Result(status, out.toString(), err.toString());
	}

	private record Result(int status, String out, String err) {
	}

}
