package dev.wordfleet.worker.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Counts a real corpus (the HTML pages of the PostgreSQL 15 manual from the Debian package postgresql-doc-15), each
 * page read as a stream, and compares every word and count with a file of expected counts. Skipped when either is
 * missing. When the pages are those of the installed package and the expected counts name a package version, every
 * test fails with a message that names both versions if the installed version is another.
 * <p>
 * System properties: {@code wordfleet.dev-counts} is the expected counts file (default
 * {@code ../../shared/corpus/dev-counts.tsv}, relative to the worker module) and {@code wordfleet.corpus-dir} is the
 * folder of pages (default {@code /usr/share/doc/postgresql-doc-15/html}).
 */
class CorpusCountsTest {

	private static final Pattern SUMMARY = Pattern.compile("#\\s*pages\\s+(\\d+)\\s+words\\s+(\\d+)\\s+distinct\\s+(\\d+)");

	/** The line of the expected counts that names the version of the package they were counted from. */
	private static final Pattern VERSION = Pattern.compile("#\\s*corpus:\\s*version=(\\S+)");

	private static final String PACKAGE = "postgresql-doc-15";

	private static final Path PACKAGE_PAGES = Path.of("/usr/share/doc/postgresql-doc-15/html");

	/** dpkg's list of installed packages, which gives the version of the installed corpus. */
	private static final Path DPKG_STATUS = Path.of("/var/lib/dpkg/status");

	private static final int SHOWN_DIFFERENCES = 20;

	private static ExpectedCounts expected;

	private static CorpusCounts actual;

	/** The counts with the charset in the Content-Type, so that no page is parsed to find a meta charset first. */
	private static CorpusCounts actualWithHeaderCharset;

	private static final Path COUNTS_FILE = Path
		.of(System.getProperty("wordfleet.dev-counts", "../../shared/corpus/dev-counts.tsv"));

	private static final Path CORPUS_DIR = Path
		.of(System.getProperty("wordfleet.corpus-dir", PACKAGE_PAGES.toString()));

	@BeforeAll
	static void countCorpus() throws IOException {
		if (Files.isRegularFile(COUNTS_FILE) && Files.isDirectory(CORPUS_DIR)) {
			expected = ExpectedCounts.read(COUNTS_FILE);
			actual = CorpusCounts.count(CORPUS_DIR, "text/html");
			actualWithHeaderCharset = CorpusCounts.count(CORPUS_DIR, "text/html; charset=UTF-8");
		}
	}

	/** Skips each test, so that Surefire reports them as skipped, when the corpus or its counts are missing. */
	@BeforeEach
	void requireCorpus() throws IOException {
		assumeTrue(Files.isRegularFile(COUNTS_FILE), () -> "no expected counts at " + COUNTS_FILE.toAbsolutePath()
				+ "; set -Dwordfleet.dev-counts=PATH");
		assumeTrue(Files.isDirectory(CORPUS_DIR), () -> "no corpus folder at " + CORPUS_DIR
				+ "; install the Debian package postgresql-doc-15 or set -Dwordfleet.corpus-dir=PATH");
		if (CORPUS_DIR.equals(PACKAGE_PAGES) && expected.version() != null) {
			String installed = installedVersion();
			assertThat(installed)
				.as(() -> "the expected counts in " + COUNTS_FILE + " are for " + PACKAGE + " " + expected.version()
						+ ", but " + installed + " is installed; run apt-get update && apt-get install " + PACKAGE
						+ "=" + expected.version())
				.isIn(expected.version(), null);
		}
	}

	/**
	 * Returns the installed version of the corpus package from dpkg's status file, or {@code null} where there is
	 * none, as on a system without dpkg.
	 */
	private static @Nullable String installedVersion() throws IOException {
		if (!Files.isRegularFile(DPKG_STATUS)) {
			return null;
		}
		boolean inPackage = false;
		for (String line : Files.readAllLines(DPKG_STATUS, StandardCharsets.UTF_8)) {
			if (line.startsWith("Package: ")) {
				inPackage = line.substring("Package: ".length()).equals(PACKAGE);
			}
			else if (inPackage && line.startsWith("Version: ")) {
				return line.substring("Version: ".length());
			}
		}
		return null;
	}

	@Test
	void pageCountMatchesSummary() {
		assertThat(actual.pages()).isEqualTo(expected.pages());
	}

	@Test
	void wordTotalMatchesSummary() {
		assertThat(actual.totalWords()).isEqualTo(expected.totalWords());
	}

	@Test
	void distinctWordsMatchSummary() {
		assertThat(actual.counts()).hasSize((int) expected.distinctWords());
	}

	@Test
	void headerCharsetGivesSameCounts() {
		assertThat(actualWithHeaderCharset.totalWords()).isEqualTo(actual.totalWords());
		assertThat(actualWithHeaderCharset.counts()).isEqualTo(actual.counts());
	}

	@Test
	void expectedWordsMatchTheirSummary() {
		assertThat(expected.counts()).hasSize((int) expected.distinctWords());
	}

	@Test
	void expectedCountsSumToSummary() {
		assertThat(expected.counts().values().stream().mapToLong(Long::longValue).sum())
			.isEqualTo(expected.totalWords());
	}

	@Test
	void everyWordCountMatches() {
		List<String> differences = new ArrayList<>();
		TreeSet<String> words = new TreeSet<>(expected.counts().keySet());
		words.addAll(actual.counts().keySet());
		for (String word : words) {
			Long expectedCount = expected.counts().get(word);
			Long actualCount = actual.counts().get(word);
			if (!Objects.equals(expectedCount, actualCount)) {
				differences.add(describe(word) + ": expected " + expectedCount + ", counted " + actualCount);
			}
		}
		assertThat(differences.size())
			.as(() -> "words whose counts differ; the first " + SHOWN_DIFFERENCES + ":\n"
					+ String.join("\n", differences.subList(0, Math.min(SHOWN_DIFFERENCES, differences.size()))))
			.isZero();
	}

	private static String describe(String word) {
		StringBuilder codePoints = new StringBuilder();
		word.codePoints().forEach((codePoint) -> codePoints.append(String.format(" U+%04X", codePoint)));
		return "\"" + word + "\" (" + codePoints.toString().strip() + ")";
	}

	private record ExpectedCounts(@Nullable String version, long pages, long totalWords, long distinctWords,
			Map<String, Long> counts) {

		static ExpectedCounts read(Path file) throws IOException {
			String version = null;
			long pages = -1;
			long totalWords = -1;
			long distinctWords = -1;
			Map<String, Long> counts = new HashMap<>();
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				if (line.startsWith("#")) {
					Matcher versionLine = VERSION.matcher(line);
					if (versionLine.matches()) {
						version = versionLine.group(1);
					}
					Matcher summary = SUMMARY.matcher(line);
					if (summary.matches()) {
						pages = Long.parseLong(summary.group(1));
						totalWords = Long.parseLong(summary.group(2));
						distinctWords = Long.parseLong(summary.group(3));
					}
					continue;
				}
				if (line.isEmpty()) {
					continue;
				}
				int tab = line.lastIndexOf('\t');
				Long previous = counts.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
				assertThat(previous).as("word listed twice: %s", line).isNull();
			}
			assertThat(pages).as("summary line '# pages N words N distinct N' in %s", file).isNotNegative();
			return new ExpectedCounts(version, pages, totalWords, distinctWords, counts);
		}

	}

	private record CorpusCounts(long pages, long totalWords, Map<String, Long> counts) {

		static CorpusCounts count(Path folder, String contentType) throws IOException {
			List<Path> pages;
			try (Stream<Path> files = Files.walk(folder)) {
				pages = files.filter((file) -> file.getFileName().toString().endsWith(".html"))
					.filter(Files::isRegularFile)
					.sorted()
					.toList();
			}
			PageCounter counter = new PageCounter();
			Map<String, Long> counts = new HashMap<>();
			long totalWords = 0;
			long bytes = 0;
			long started = System.nanoTime();
			for (Path page : pages) {
				bytes += Files.size(page);
				PageWords words;
				try (InputStream body = Files.newInputStream(page)) {
					words = counter.count(body, contentType, page.toUri().toString());
				}
				words.counts().forEach((word, count) -> counts.merge(word, count.longValue(), Long::sum));
				totalWords += words.totalWords();
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			System.out.printf("counted %d pages as %s, %d bytes, %d words in %.2f s (%.1f MB/s, one thread)%n",
					pages.size(), contentType, bytes, totalWords, seconds, bytes / 1e6 / seconds);
			return new CorpusCounts(pages.size(), totalWords, counts);
		}

	}

}
