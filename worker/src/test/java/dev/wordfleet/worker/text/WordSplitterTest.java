package dev.wordfleet.worker.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class WordSplitterTest {

	private final WordSplitter splitter = new WordSplitter();

	static Stream<Arguments> policyCases() {
		return Stream.of(
				arguments("integer", "2024", List.of("2024")),
				arguments("decimal number", "3.14", List.of("3.14")),
				arguments("version number", "v1.2.3", List.of("v1.2.3")),
				arguments("number with grouping comma", "1,000", List.of("1,000")),
				arguments("hyphenated compound", "well-known", List.of("well", "known")),
				arguments("hyphen after one letter", "e-mail", List.of("e", "mail")),
				arguments("abbreviation with periods", "U.S.A.", List.of("u.s.a")),
				arguments("underscore joins", "foo_bar", List.of("foo_bar")),
				arguments("plus signs are punctuation", "C++", List.of("c")),
				arguments("URL", "http://www.example.com/path?q=1", List.of("http", "www.example.com", "path", "q", "1")),
				arguments("right single quotation mark in elision", "l\u2019homme", List.of("l'homme")),
				arguments("right single quotation mark in contraction", "don\u2019t", List.of("don't")),
				arguments("apostrophe in contraction", "don't", List.of("don't")),
				arguments("Japanese dictionary segmentation", "日本語の文章です", List.of("日本語", "の", "文章", "です")),
				arguments("Thai dictionary segmentation", "ภาษาไทยง่ายนิดเดียว", List.of("ภาษา", "ไทย", "ง่าย", "นิด", "เดียว")),
				arguments("narrow no-break space separates", "more\u202Fhere", List.of("more", "here")),
				arguments("no-break space separates", "no\u00A0break", List.of("no", "break")),
				arguments("thin space separates", "thin\u2009space", List.of("thin", "space")),
				arguments("ideographic space separates", "wide\u3000space", List.of("wide", "space")),
				arguments("soft hyphen is deleted", "soft\u00ADware", List.of("software")),
				arguments("decomposed accent is composed", "cafe\u0301", List.of("caf\u00E9")),
				arguments("capital I with dot above", "İstanbul", List.of("istanbul")),
				arguments("uppercase is lowercased", "Hello WORLD", List.of("hello", "world")),
				arguments("accented uppercase is lowercased", "ÉCOLE Ünïcode", List.of("école", "ünïcode")),
				arguments("words keep text order", "b a b", List.of("b", "a", "b")),
				arguments("punctuation only", "…—!? -- ... ()", List.of()),
				arguments("white space only", " \t\n\u00A0 ", List.of()),
				arguments("empty text", "", List.of()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("policyCases")
	void splitsPerPolicy(String description, String text, List<String> expected) {
		assertThat(split(text)).containsExactlyElementsOf(expected);
	}

	@Test
	void decomposedEqualsComposed() {
		assertThat(split("re\u0301sume\u0301")).isEqualTo(split("r\u00E9sum\u00E9"));
	}

	@Test
	void turkishDefaultLocaleGivesRootKeys() {
		Locale previous = Locale.getDefault();
		Locale.setDefault(Locale.forLanguageTag("tr"));
		try {
			assertThat(split("TITLE İstanbul DIŞ")).containsExactly("title", "istanbul", "diş");
		}
		finally {
			Locale.setDefault(previous);
		}
	}

	@Test
	void reusedSplitterForgetsPreviousText() {
		split("first text with several words");

		assertThat(split("second")).containsExactly("second");
	}

	@Test
	void nullTextRejected() {
		assertThatNullPointerException().isThrownBy(() -> this.splitter.split(null, (word) -> { }))
			.withMessageContaining("text");
	}

	private List<String> split(String text) {
		List<String> words = new ArrayList<>();
		this.splitter.split(text, words::add);
		return words;
	}

}
