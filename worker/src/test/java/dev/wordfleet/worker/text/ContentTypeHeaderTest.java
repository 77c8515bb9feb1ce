package dev.wordfleet.worker.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentTypeHeaderTest {

	@Test
	void mediaTypeLowercasedWithoutParameters() {
		assertThat(ContentTypeHeader.parse(" Text/HTML ; charset=UTF-8"))
			.isEqualTo(new ContentTypeHeader("text/html", "UTF-8"));
	}

	@Test
	void missingCharsetIsNull() {
		assertThat(ContentTypeHeader.parse("text/plain; format=flowed"))
			.isEqualTo(new ContentTypeHeader("text/plain", null));
	}

	@Test
	void doubleQuotedCharsetUnquoted() {
		assertThat(ContentTypeHeader.charsetParameter("text/html; charset=\"utf-8\"")).isEqualTo("utf-8");
	}

	@Test
	void singleQuotedCharsetUnquoted() {
		assertThat(ContentTypeHeader.charsetParameter("text/html; charset='utf-8'")).isEqualTo("utf-8");
	}

	@Test
	void charsetNameIsCaseInsensitive() {
		assertThat(ContentTypeHeader.charsetParameter("text/html;CHARSET = latin1 ")).isEqualTo("latin1");
	}

	@Test
	void emptyCharsetIsNull() {
		assertThat(ContentTypeHeader.charsetParameter("text/html; charset=")).isNull();
	}

	@Test
	void nullHeaderIsAbsent() {
		assertThat(ContentTypeHeader.parse(null)).isNull();
	}

	@Test
	void parametersWithoutTypeAreAbsent() {
		assertThat(ContentTypeHeader.parse("; charset=utf-8")).isNull();
	}

}
