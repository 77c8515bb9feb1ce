package dev.wordfleet.aggregator.report;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.wordfleet.protocol.WordCount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WordListFormatTest {

	private static final List<WordCount> WORDS = List.of(new WordCount("the", 12), new WordCount("straße", 3),
			new WordCount("a", 1));

	private static final String LINE_SEPARATOR = System.lineSeparator();

	private static String write(WordListFormat format, List<WordCount> words) {
		StringBuilder out = new StringBuilder();
		format.write(words, out);
		return out.toString();
	}

	@Test
	void tsvWritesWordTabCount() {
		assertThat(write(WordListFormat.TSV, WORDS)).isEqualTo("the\t12\nstraße\t3\na\t1\n");
	}

	@Test
	void tsvOfNoWordsIsEmpty() {
		assertThat(write(WordListFormat.TSV, List.of())).isEmpty();
	}

	@Test
	void csvWritesHeaderAndCrlf() {
		assertThat(write(WordListFormat.CSV, WORDS)).isEqualTo("word,count\r\nthe,12\r\nstraße,3\r\na,1\r\n");
	}

	@Test
	void csvQuotesComma() {
		assertThat(write(WordListFormat.CSV, List.of(new WordCount("a,b", 2))))
			.isEqualTo("word,count\r\n\"a,b\",2\r\n");
	}

	@Test
	void csvDoublesQuotes() {
		assertThat(write(WordListFormat.CSV, List.of(new WordCount("say \"hi\"", 1))))
			.isEqualTo("word,count\r\n\"say \"\"hi\"\"\",1\r\n");
	}

	@Test
	void csvOfNoWordsIsHeader() {
		assertThat(write(WordListFormat.CSV, List.of())).isEqualTo("word,count\r\n");
	}

	@Test
	void jsonWritesArrayOfObjects() {
		assertThat(write(WordListFormat.JSON, WORDS)).isEqualTo(
				"[{\"word\":\"the\",\"count\":12},{\"word\":\"straße\",\"count\":3},{\"word\":\"a\",\"count\":1}]\n");
	}

	@Test
	void jsonOfNoWordsIsEmptyArray() {
		assertThat(write(WordListFormat.JSON, List.of())).isEqualTo("[]\n");
	}

	@Test
	void tableAlignsColumns() {
		String expected = "RANK  WORD    COUNT" + LINE_SEPARATOR
				+ "   1  the     12" + LINE_SEPARATOR
				+ "   2  straße  3" + LINE_SEPARATOR
				+ "   3  a       1" + LINE_SEPARATOR;

		assertThat(write(WordListFormat.TABLE, WORDS)).isEqualTo(expected);
	}

	@Test
	void tableWidensRankColumn() {
		List<WordCount> words = IntStream.rangeClosed(1, 12345)
			.mapToObj((i) -> new WordCount("w" + i, 1))
			.toList();

		String[] lines = write(WordListFormat.TABLE, words).split(LINE_SEPARATOR);

		assertThat(lines[0]).isEqualTo(" RANK  WORD    COUNT");
		assertThat(lines[1]).isEqualTo("    1  w1      1");
		assertThat(lines[12345]).isEqualTo("12345  w12345  1");
	}

	@Test
	void tableOfNoWordsIsHeader() {
		assertThat(write(WordListFormat.TABLE, List.of())).isEqualTo("RANK  WORD  COUNT" + LINE_SEPARATOR);
	}

	@Test
	void mediaTypesMatchFormats() {
		assertThat(WordListFormat.TABLE.mediaType()).isEqualTo("text/plain");
		assertThat(WordListFormat.TSV.mediaType()).isEqualTo("text/tab-separated-values");
		assertThat(WordListFormat.CSV.mediaType()).isEqualTo("text/csv");
		assertThat(WordListFormat.JSON.mediaType()).isEqualTo("application/json");
	}

	@Test
	void ofIgnoresCase() {
		assertThat(WordListFormat.of("TSV")).isEqualTo(WordListFormat.TSV);
		assertThat(WordListFormat.of("tsv")).isEqualTo(WordListFormat.TSV);
		assertThat(WordListFormat.of("Json")).isEqualTo(WordListFormat.JSON);
	}

	@Test
	void ofRejectsUnknownName() {
		assertThatIllegalArgumentException().isThrownBy(() -> WordListFormat.of("xml"))
			.withMessageContaining("\"xml\"")
			.withMessageContaining("table, tsv, csv, json");
	}

}
