package dev.wordfleet.worker.text;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PageWordsTest {

	@Test
	void negativeTotalRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PageWords(Map.of(), -1))
			.withMessageContaining("-1");
	}

	@Test
	void countsAreCopied() {
		Map<String, Integer> counts = new HashMap<>(Map.of("word", 1));
		PageWords words = new PageWords(counts, 1);

		counts.put("other", 2);

		assertThat(words.counts()).containsOnlyKeys("word");
	}

	@Test
	void countsAreUnmodifiable() {
		PageWords words = new PageWords(Map.of("word", 1), 1);

		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> words.counts().put("other", 2));
	}

}
