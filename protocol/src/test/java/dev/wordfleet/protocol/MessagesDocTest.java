package dev.wordfleet.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads every {@code ```json} block of {@code docs/messages.md} into the record that the line before it names, such
 * as {@code <!-- message: PageCounted -->}, and checks that writing the record back gives the same JSON tree. An
 * example with a misspelled, missing or extra field, or a value of the wrong type, fails here.
 */
class MessagesDocTest {

	/** The document, relative to the module folder, where Surefire runs. */
	private static final Path MESSAGES_DOC = Path.of("..", "docs", "messages.md");

	/** The line that names the record of the next {@code ```json} block. Only blank lines may stand between them. */
	private static final Pattern MARKER = Pattern.compile("<!--\\s*message:\\s*(\\w+)\\s*-->");

	private static final Map<String, Class<?>> MESSAGE_TYPES = Map.of("UrlJob", UrlJob.class, "BatchSubmitted",
			BatchSubmitted.class, "PageCounted", PageCounted.class, "JobFailed", JobFailed.class, "CancelBatch",
			CancelBatch.class, "BatchResult", BatchResult.class, "BatchFinished", BatchFinished.class,
			"BatchSubmission", BatchSubmission.class, "BatchProgressReport", BatchProgressReport.class);

	@TestFactory
	Stream<DynamicTest> examplesMatchRecords() throws IOException {
		return examples(readDoc()).stream()
			.map((example) -> DynamicTest.dynamicTest(example.title(), () -> assertMatchesRecord(example)));
	}

	@Test
	void everyMessageHasExample() throws IOException {
		Set<String> documented = new TreeSet<>();
		for (Example example : examples(readDoc())) {
			documented.add(String.valueOf(example.message()));
		}
		assertThat(documented).containsAll(MESSAGE_TYPES.keySet());
	}

	@Test
	void markerNamesNextJsonBlock() {
		List<String> lines = List.of("<!-- message: UrlJob -->", "", "```json", "{\"a\": 1}", "```", "```text",
				"not json", "```", "```json", "{}", "```");

		List<Example> examples = examples(lines);

		assertThat(examples).hasSize(2);
		assertThat(examples.get(0).message()).isEqualTo("UrlJob");
		assertThat(examples.get(0).json()).isEqualTo("{\"a\": 1}");
		assertThat(examples.get(0).line()).isEqualTo(3);
		assertThat(examples.get(1).message()).isNull();
	}

	private static void assertMatchesRecord(Example example) {
		assertThat(example.message())
			.as("the json block at line %d needs a line <!-- message: Name --> before it", example.line())
			.isNotNull();
		Class<?> type = MESSAGE_TYPES.get(example.message());
		assertThat(type).as("message name %s at line %d; known names are %s", example.message(), example.line(),
				MESSAGE_TYPES.keySet())
			.isNotNull();

		Object message;
		try {
			message = Json.mapper().readValue(example.json(), type);
		}
		catch (JacksonException ex) {
			throw new AssertionError(example.title() + " does not read as " + type.getSimpleName() + ": "
					+ ex.getOriginalMessage(), ex);
		}
		JsonNode written = Json.mapper().readTree(Json.mapper().writeValueAsString(message));
		JsonNode documented = Json.mapper().readTree(example.json());
		assertThat(written).as("%s written back from the example at line %d", example.message(), example.line())
			.isEqualTo(documented);

		if (BatchEvent.class.isAssignableFrom(type)) {
			BatchEvent event = Json.mapper().readValue(example.json(), BatchEvent.class);
			assertThat(event).as("the example at line %d read as a BatchEvent", example.line()).isInstanceOf(type);
		}
	}

	private static List<String> readDoc() throws IOException {
		return Files.readAllLines(MESSAGES_DOC, StandardCharsets.UTF_8);
	}

	/** Returns the {@code ```json} blocks of a Markdown document, each with the message name of its marker line. */
	private static List<Example> examples(List<String> lines) {
		List<Example> examples = new ArrayList<>();
		String previousText = null;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.startsWith("```")) {
				int end = closingFence(lines, i);
				if (line.equals("```json")) {
					String json = String.join("\n", lines.subList(i + 1, end));
					examples.add(new Example(i + 1, messageName(previousText), json));
				}
				previousText = null;
				i = end;
			}
			else if (!line.isEmpty()) {
				previousText = line;
			}
		}
		return examples;
	}

	private static int closingFence(List<String> lines, int opening) {
		for (int i = opening + 1; i < lines.size(); i++) {
			if (lines.get(i).strip().equals("```")) {
				return i;
			}
		}
		throw new IllegalStateException("the code block opened at line " + (opening + 1) + " is never closed");
	}

	private static @Nullable String messageName(@Nullable String line) {
		if (line == null) {
			return null;
		}
		Matcher marker = MARKER.matcher(line);
		return marker.matches() ? marker.group(1) : null;
	}

	/**
	 * A JSON example of the document.
	 *
	 * @param line line number of the opening fence, from 1
	 * @param message record name from the marker line, or {@code null} when the block has none
	 * @param json the block's content
	 */
	private record Example(int line, @Nullable String message, String json) {

		String title() {
			return ((this.message != null) ? this.message : "unnamed") + " example at line " + this.line;
		}

	}

}
