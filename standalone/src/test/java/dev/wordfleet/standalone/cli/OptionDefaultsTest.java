package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

import picocli.CommandLine;

import dev.wordfleet.worker.FetchProperties;
import dev.wordfleet.worker.WorkerProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Option values from the command line, {@code WORDFLEET_*} variables, the config file and the defaults, with a fake
 * environment instead of this process's.
 */
class OptionDefaultsTest {

	@TempDir
	Path home;

	private final Map<String, String> environment = new HashMap<>();

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@ParameterizedTest(name = "flag {0}, variable {1}, file {2}: {3}")
	@CsvSource(nullValues = "-", value = { "5, 6, 7, 5", "5, 6, -, 5", "5, -, 7, 5", "5, -, -, 5", "-, 6, 7, 6",
			"-, 6, -, 6", "-, -, 7, 7", "-, -, -, 2" })
	void flagBeatsVariableBeatsFileBeatsDefault(@Nullable String flag, @Nullable String variable,
			@Nullable String file, int expected) throws IOException {
		if (variable != null) {
			this.environment.put("WORDFLEET_WORKERS", variable);
		}
		if (file != null) {
			writeDefaultConfig("workers=" + file);
		}

		RunCommand run = (flag != null) ? parse(RunCommand.class, "run", "--workers", flag)
				: parse(RunCommand.class, "run");

		assertThat(run.workers).isEqualTo(expected);
	}

	@Test
	void booleanFlagOverridesVariable() {
		this.environment.put("WORDFLEET_ALLOW_PRIVATE_NETWORKS", "true");

		RunCommand withFlag = parse(RunCommand.class, "run", "--allow-private-networks=false");
		RunCommand withoutFlag = parse(RunCommand.class, "run");

		assertThat(withFlag.fetch.allowPrivateNetworks).isFalse();
		assertThat(withoutFlag.fetch.allowPrivateNetworks).isTrue();
	}

	@Test
	void bareBooleanFlagSetsTrue() {
		this.environment.put("WORDFLEET_ALLOW_PRIVATE_NETWORKS", "false");

		RunCommand run = parse(RunCommand.class, "run", "--allow-private-networks", "urls.txt");

		assertThat(run.fetch.allowPrivateNetworks).isTrue();
		assertThat(run.urlsFile).isEqualTo("urls.txt");
	}

	@Test
	void emptyVariableCountsAsUnset() throws IOException {
		this.environment.put("WORDFLEET_WORKERS", "");
		writeDefaultConfig("workers=7");

		RunCommand run = parse(RunCommand.class, "run");

		assertThat(run.workers).isEqualTo(7);
	}

	@Test
	void oneVariableServesEveryCommand() {
		this.environment.put("WORDFLEET_BOOTSTRAP_SERVERS", "localhost:19092");

		assertThat(parse(RunCommand.class, "run").bootstrapServers).isEqualTo("localhost:19092");
		assertThat(parse(SubmitCommand.class, "submit").bootstrapServers).isEqualTo("localhost:19092");
		assertThat(parse(RoleCommand.Worker.class, "worker").bootstrapServers).isEqualTo("localhost:19092");
	}

	@Test
	void configOptionBeatsConfigVariable() throws IOException {
		Path named = writeFile("named.properties", "workers=3");
		this.environment.put("WORDFLEET_CONFIG", writeFile("variable.properties", "workers=4").toString());
		writeDefaultConfig("workers=5");

		RunCommand run = parse(RunCommand.class, "run", "--config", named.toString());

		assertThat(run.workers).isEqualTo(3);
	}

	@Test
	void configVariableBeatsDefaultFile() throws IOException {
		this.environment.put("WORDFLEET_CONFIG", writeFile("variable.properties", "workers=4").toString());
		writeDefaultConfig("workers=5");

		RunCommand run = parse(RunCommand.class, "run");

		assertThat(run.workers).isEqualTo(4);
	}

	@Test
	void configHomeVariableMovesDefaultFile() throws IOException {
		Path configHome = Files.createDirectories(this.home.resolve("xdg/wordfleet"));
		Files.writeString(configHome.resolve("config.properties"), "workers=6\n");
		writeDefaultConfig("workers=5");
		this.environment.put("XDG_CONFIG_HOME", this.home.resolve("xdg").toString());

		RunCommand run = parse(RunCommand.class, "run");

		assertThat(run.workers).isEqualTo(6);
	}

	@Test
	void missingDefaultFileIsIgnored() {
		RunCommand run = parse(RunCommand.class, "run");

		assertThat(run.workers).isEqualTo(2);
	}

	@Test
	void invalidVariableNamesVariable() {
		this.environment.put("WORDFLEET_WORKERS", "many");

		int status = execute("run", "urls.txt");

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("'--workers'")
			.contains("'many' from environment variable WORDFLEET_WORKERS");
	}

	@Test
	void invalidDurationVariableNamesVariable() {
		this.environment.put("WORDFLEET_STALL_TIMEOUT", "soon");

		int status = execute("run", "urls.txt");

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("invalid duration 'soon'")
			.contains("from environment variable WORDFLEET_STALL_TIMEOUT");
	}

	@Test
	void invalidFileValueNamesFileAndKey() throws IOException {
		Path file = writeDefaultConfig("top=-3");

		int status = execute("run", "urls.txt");

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("'-3' is negative").contains("from " + file + ":top");
	}

	@Test
	void invalidBooleanInFileNamesFileAndKey() throws IOException {
		Path file = writeDefaultConfig("allow-private-networks=sometimes");

		int status = execute("run", "urls.txt");

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("'sometimes'").contains("from " + file + ":allow-private-networks");
	}

	@Test
	void unknownFileKeyIsRejected() throws IOException {
		Path file = writeDefaultConfig("workers=2", "worker-count=4");

		int status = execute("run", "urls.txt");

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("unknown key worker-count in config file " + file);
	}

	@Test
	void missingNamedFileIsRejected() {
		Path missing = this.home.resolve("missing.properties");

		int status = execute("run", "--config", missing.toString(), "urls.txt");

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("config file not found: " + missing).contains("--config");
	}

	@Test
	void missingFileFromVariableNamesVariable() {
		this.environment.put("WORDFLEET_CONFIG", this.home.resolve("missing.properties").toString());

		int status = execute("run", "urls.txt");

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString()).contains("config file not found")
			.contains("environment variable WORDFLEET_CONFIG");
	}

	@Test
	void helpShowsEffectiveDefaultAndSource() throws IOException {
		this.environment.put("WORDFLEET_WORKERS", "7");
		Path file = writeDefaultConfig("bootstrap-servers=localhost:19092");

		int status = execute("run", "--help");

		assertThat(status).isZero();
		assertThat(this.out.toString()).contains("(default: 7 workers)");
		assertThat(this.out.toString()).contains("--workers=7  (environment variable WORDFLEET_WORKERS)")
			.contains("--bootstrap-servers=localhost:19092  (" + file + ":bootstrap-servers)");
	}

	@Test
	void outputFileGetsAllWordsByDefault() {
		RunCommand toTerminal = parse(RunCommand.class, "run");
		RunCommand toFile = parse(RunCommand.class, "run", "-o", "words.tsv");
		RunCommand toFileWithTop = parse(RunCommand.class, "run", "-o", "words.tsv", "--top", "5");

		assertThat(toTerminal.resultOptions.top()).isEqualTo(ResultOptions.DEFAULT_TOP);
		assertThat(toFile.resultOptions.top()).isZero();
		assertThat(toFileWithTop.resultOptions.top()).isEqualTo(5);
	}

	@Test
	void topFromVariableAppliesToOutputFile() {
		this.environment.put("WORDFLEET_TOP", "7");

		SubmitCommand submit = parse(SubmitCommand.class, "submit", "--wait", "-o", "words.tsv");

		assertThat(submit.resultOptions.top()).isEqualTo(7);
	}

	@Test
	void unsetFetchOptionsAreNotPassedOn() {
		RunCommand run = parse(RunCommand.class, "run");

		assertThat(run.fetch.toProperties()).isEmpty();
	}

	@Test
	void fetchOptionsFromEveryLayerArePassedOn() throws IOException {
		this.environment.put("WORDFLEET_CONNECT_TIMEOUT", "3s");
		writeDefaultConfig("fetch-timeout=1m");

		RunCommand run = parse(RunCommand.class, "run", "--max-body-size", "1MB", "--allow-private-networks");

		assertThat(run.fetch.toProperties()).containsExactlyInAnyOrderEntriesOf(
				Map.of("wordfleet.fetch.allow-private-networks", "true", "wordfleet.fetch.connect-timeout", "PT3S",
						"wordfleet.fetch.total-timeout", "PT1M", "wordfleet.fetch.max-body-size", "1048576B"));
	}

	@Test
	void workerDefaultsEqualWorkerRole() {
		Binder binder = new Binder(List.of(new MapConfigurationPropertySource()), null,
				ApplicationConversionService.getSharedInstance());
		FetchProperties fetch = binder.bindOrCreate("wordfleet.fetch", FetchProperties.class);
		WorkerProperties worker = binder.bindOrCreate("wordfleet.worker", WorkerProperties.class);

		RoleCommand.Worker command = parse(RoleCommand.Worker.class, "worker");

		assertThat(command.fetch.connectTimeout).isEqualTo(fetch.connectTimeout());
		assertThat(command.fetch.fetchTimeout).isEqualTo(fetch.totalTimeout());
		assertThat(command.fetch.maxBodySize).isEqualTo(fetch.maxBodySize());
		assertThat(command.fetch.allowPrivateNetworks).isEqualTo(fetch.allowPrivateNetworks());
		assertThat(command.concurrency).isEqualTo(worker.concurrency());
		assertThat(parse(RunCommand.class, "run").concurrency).isEqualTo(worker.concurrency());
	}

	private <T> T parse(Class<T> type, String... args) {
		CommandLine commandLine = WordfleetCommand.newCommandLine(this.environment, this.home);
		CommandLine.ParseResult result = commandLine.parseArgs(args);
		return type.cast(result.subcommand().commandSpec().userObject());
	}

	private int execute(String... args) {
		CommandLine commandLine = WordfleetCommand.newCommandLine(this.environment, this.home);
		commandLine.setOut(new PrintWriter(this.out, true));
		commandLine.setErr(new PrintWriter(this.err, true));
		return commandLine.execute(args);
	}

	private Path writeDefaultConfig(String... lines) throws IOException {
		Path folder = Files.createDirectories(this.home.resolve(".config/wordfleet"));
		return Files.writeString(folder.resolve("config.properties"), String.join("\n", lines) + "\n",
				StandardCharsets.UTF_8);
	}

	private Path writeFile(String name, String... lines) throws IOException {
		return Files.writeString(this.home.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
	}

}
