package dev.wordfleet.producer.batch;

import java.io.StringReader;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UrlListTest {

	private static List<String> read(String text) {
		return UrlList.fromLines(new StringReader(text));
	}

	private static InvalidUrlListException rejectLines(String text) {
		return catchThrowableOfType(InvalidUrlListException.class, () -> read(text));
	}

	private static UrlProblem onlyProblem(String line) {
		InvalidUrlListException ex = rejectLines(line + "\n");
		assertThat(ex).as("exception for %s", line).isNotNull();
		assertThat(ex.problems()).hasSize(1);
		return ex.problems().getFirst();
	}

	private static String urlOfLength(int length) {
		String prefix = "https://example.com/";
		return prefix + "a".repeat(length - prefix.length());
	}

	@Test
	void readsValidLinesInOrder() {
		List<String> urls = read("https://example.com/a\nhttp://example.org/b\nHTTPS://Example.net/c?q=1\n");

		assertThat(urls).containsExactly("https://example.com/a", "http://example.org/b", "HTTPS://Example.net/c?q=1");
	}

	@Test
	void skipsBlankLinesAndComments() {
		List<String> urls = read("# seeds\n\nhttps://example.com/a\n   \n  # indented comment\nhttps://example.com/b\n");

		assertThat(urls).containsExactly("https://example.com/a", "https://example.com/b");
	}

	@Test
	void trimsSurroundingWhitespace() {
		List<String> urls = read("  https://example.com/a \t\n\thttps://example.com/b\n");

		assertThat(urls).containsExactly("https://example.com/a", "https://example.com/b");
	}

	@Test
	void keepsUrlListedTwice() {
		List<String> urls = read("https://example.com/a\nhttps://example.com/a\n");

		assertThat(urls).containsExactly("https://example.com/a", "https://example.com/a");
	}

	@Test
	void rejectsRelativeUrl() {
		UrlProblem problem = onlyProblem("/pages/index.html");

		assertThat(problem.position()).isEqualTo(1);
		assertThat(problem.value()).isEqualTo("/pages/index.html");
		assertThat(problem.reason()).startsWith("not an absolute URL");
	}

	@Test
	void rejectsBareWord() {
		UrlProblem problem = onlyProblem("example");

		assertThat(problem.value()).isEqualTo("example");
		assertThat(problem.reason()).startsWith("not an absolute URL");
	}

	@Test
	void rejectsFtpScheme() {
		UrlProblem problem = onlyProblem("ftp://example.com/file.txt");

		assertThat(problem.reason()).startsWith("unsupported scheme \"ftp\"");
	}

	@Test
	void rejectsFileScheme() {
		UrlProblem problem = onlyProblem("file:///etc/hosts");

		assertThat(problem.reason()).startsWith("unsupported scheme \"file\"");
	}

	@Test
	void rejectsJavascriptScheme() {
		UrlProblem problem = onlyProblem("javascript:alert(1)");

		assertThat(problem.reason()).startsWith("unsupported scheme \"javascript\"");
	}

	@Test
	void rejectsMissingHost() {
		UrlProblem problem = onlyProblem("http:///x");

		assertThat(problem.value()).isEqualTo("http:///x");
		assertThat(problem.reason()).isEqualTo("no host name: write it like https://example.com/page");
	}

	@Test
	void rejectsSchemeWithoutHost() {
		UrlProblem problem = onlyProblem("http://");

		assertThat(problem.value()).isEqualTo("http://");
		assertThat(problem.reason()).isEqualTo("no host name after \"://\": write it like https://example.com/page");
	}

	@Test
	void hostAndPortWithoutSchemeAsksForOne() {
		UrlProblem problem = onlyProblem("127.0.0.1:18080/admin.html");

		assertThat(problem.reason()).isEqualTo("not a valid URL: it has no scheme; write it with http:// or https://");
	}

	@Test
	void rejectsSpaceInsideUrl() {
		UrlProblem problem = onlyProblem("https://example.com/a b");

		assertThat(problem.value()).isEqualTo("https://example.com/a b");
		assertThat(problem.reason()).startsWith("not a valid URL");
		assertThat(problem.reason()).contains("index 21");
		assertThat(problem.reason()).endsWith("fix or percent-encode the character there (a space as %20)");
	}

	@Test
	void acceptsUrlOfMaximumLength() {
		String url = urlOfLength(UrlList.MAX_URL_LENGTH);

		assertThat(url).hasSize(2048);
		assertThat(read(url)).containsExactly(url);
	}

	@Test
	void rejectsUrlOneCharacterTooLong() {
		UrlProblem problem = onlyProblem(urlOfLength(UrlList.MAX_URL_LENGTH + 1));

		assertThat(problem.reason()).isEqualTo("longer than 2048 characters (2049)");
		assertThat(problem.value()).hasSize(123);
		assertThat(problem.value()).startsWith("https://example.com/aaa");
		assertThat(problem.value()).endsWith("...");
	}

	@Test
	void listsEveryInvalidLine() {
		String text = """
				# seeds
				https://example.com/ok
				ftp://example.com/f

				example
				https://example.com/also-ok
				http:///x
				""";

		InvalidUrlListException ex = rejectLines(text);

		assertThat(ex.problems()).extracting(UrlProblem::position).containsExactly(3, 5, 7);
		assertThat(ex.problems()).extracting(UrlProblem::value).containsExactly("ftp://example.com/f", "example",
				"http:///x");
		assertThat(ex.positionName()).isEqualTo("line");
	}

	@Test
	void messageOfOneProblemIsSingular() {
		InvalidUrlListException ex = rejectLines("https://example.com/ok\nexample\n");

		assertThat(ex.getMessage()).contains("1 invalid entry; fix or remove it and try again");
	}

	@Test
	void messageListsEveryProblem() {
		InvalidUrlListException ex = rejectLines("ftp://example.com/f\nhttps://example.com/ok\nexample\n");

		assertThat(ex.getMessage()).contains("2 invalid entries; fix or remove them");
		assertThat(ex.getMessage()).contains("nothing was published");
		assertThat(ex.getMessage()).contains("line 1: unsupported scheme \"ftp\"");
		assertThat(ex.getMessage()).contains("ftp://example.com/f");
		assertThat(ex.getMessage()).contains("line 3: not an absolute URL");
		assertThat(ex.getMessage()).doesNotContain("line 2");
	}

	@Test
	void rejectsEmptyList() {
		InvalidUrlListException ex = rejectLines("");

		assertThat(ex).hasMessageContaining("the URL list is empty");
		assertThat(ex.problems()).isEmpty();
	}

	@Test
	void rejectsCommentsOnlyList() {
		assertThatExceptionOfType(InvalidUrlListException.class).isThrownBy(() -> read("# nothing yet\n\n  \n"))
			.withMessageContaining("the URL list is empty");
	}

	@Test
	void readsJsonEntries() {
		List<String> urls = UrlList.fromEntries(List.of(" https://example.com/a ", "http://example.org/b"));

		assertThat(urls).containsExactly("https://example.com/a", "http://example.org/b");
	}

	@Test
	void numbersJsonEntriesFromOne() {
		InvalidUrlListException ex = catchThrowableOfType(InvalidUrlListException.class,
				() -> UrlList.fromEntries(List.of("https://example.com/a", "example", "https://example.com/b",
						"ftp://example.com/f")));

		assertThat(ex.problems()).extracting(UrlProblem::position).containsExactly(2, 4);
		assertThat(ex.positionName()).isEqualTo("entry");
		assertThat(ex.getMessage()).contains("entry 2: not an absolute URL");
		assertThat(ex.getMessage()).contains("entry 4: unsupported scheme \"ftp\"");
	}

	@Test
	void rejectsNullJsonEntry() {
		InvalidUrlListException ex = catchThrowableOfType(InvalidUrlListException.class,
				() -> UrlList.fromEntries(Arrays.asList("https://example.com/a", null)));

		assertThat(ex.problems()).containsExactly(new UrlProblem(2, "null", "not a string"));
	}

	@Test
	void rejectsEmptyJsonArray() {
		assertThatExceptionOfType(InvalidUrlListException.class).isThrownBy(() -> UrlList.fromEntries(List.of()))
			.withMessageContaining("the URL list is empty");
	}

}
